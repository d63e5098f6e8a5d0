// Integration: view and color sync through the real server between two windows of different
// sizes: the same image region on both (also through an image format: pixel aspect, rotation,
// flip); all color controls and the channel follow; the Image format category can be left.
import { describe, expect, it } from 'vitest';
import { COLOR_CONTROLS, COLOR_RANGES } from '../../src/render/color';
import { settleThroughServer, waitFor, type Peer } from './helpers';
import { roomKit } from './room';
import { SizedViewer } from './viewFakes';

const kit = roomKit();

const UHD = { width: 3840, height: 2160 };

async function pair(): Promise<{ a: SizedViewer; b: SizedViewer; host: Peer; guest: Peer }> {
  const server = await kit.server();
  const a = new SizedViewer({ width: 1280, height: 720 }, UHD);
  const b = new SizedViewer({ width: 700, height: 900 }, UHD); // other size and aspect
  const viewers = [a, b];
  const settings = { view: true, color: true, channel: true };
  const { host, guests } = await kit.room(server.syncUrl, {
    guestName: () => 'Guest',
    member: (url) => kit.peer(url, { viewer: viewers.shift() ?? null, settings }),
  });
  return { a, b, host, guest: guests[0] as Peer };
}

const near = (p: number, q: number, tolerance: number) => Math.abs(p - q) <= tolerance;

describe('view sync in image terms (real server)', () => {
  it('a zoom and pan in one window show the same region in a window of another size', async () => {
    const { a, b } = await pair();
    a.setZoom(a.fitZoom * 3);
    a.setPan(-640, 310);
    // Within one CSS px of each window, in image px (the origins snap to whole pixels).
    const tolerance = 1 / a.zoom + 1 / b.zoom;
    await waitFor(
      () =>
        near(b.centre.x, a.centre.x, tolerance) &&
        near(b.centre.y, a.centre.y, tolerance) &&
        near(b.zoom / b.fitZoom, 3, 1e-9),
      { what: 'the guest on the same region' },
    );
    expect(b.pan).toEqual({ x: -640, y: 310 });
    // The limiting dimension shows the same extent of the image in both windows.
    const ratio = Math.min(b.visible.width / a.visible.width, b.visible.height / a.visible.height);
    expect(ratio).toBeCloseTo(1, 9);
  });

  it('the guest keeps the room region when its window is resized', async () => {
    const { a, b } = await pair();
    a.setZoom(a.fitZoom * 2);
    a.setPan(200, 0);
    await waitFor(() => near(b.zoom / b.fitZoom, 2, 1e-9), { what: 'the guest follows' });
    b.resize({ width: 1000, height: 1000 });
    expect(b.zoom / b.fitZoom).toBeCloseTo(2, 9);
    expect(b.pan).toEqual({ x: 200, y: 0 });
  });

  it('an anamorphic, turned, flipped format reaches the other window, and the region in its terms', async () => {
    const { a, b } = await pair();
    a.setFormat({ pixelAspect: 2, rotation: 90, flip: true });
    await waitFor(() => b.format.pixelAspect === 2 && b.format.rotation === 90 && b.format.flip, {
      what: 'the guest takes the format',
    });
    // Both fitted to the turned 2160 × 7680 display plane, each in its own window.
    expect(a.fitZoom).toBeCloseTo(Math.min(1280 / 2160, 720 / 7680), 12);
    expect(b.fitZoom).toBeCloseTo(Math.min(700 / 2160, 900 / 7680), 12);
    a.setZoom(a.fitZoom * 3);
    a.setPan(-300, 1200); // display px
    const tolerance = 2 / a.zoom + 2 / b.zoom;
    await waitFor(
      () =>
        near(b.centre.x, a.centre.x, tolerance) &&
        near(b.centre.y, a.centre.y, tolerance) &&
        near(b.zoom / b.fitZoom, 3, 1e-9),
      { what: 'the guest on the same image point through the format' },
    );
  });

  it('a window that leaves the Image format category keeps its own format, still following the view; back on, it follows', async () => {
    const { a, b, host, guest } = await pair();
    guest.sync.setSettings({ format: false });
    b.setFormat({ rotation: 270 });
    a.setFormat({ rotation: 180, flop: true });
    a.setZoom(a.fitZoom * 2);
    await waitFor(() => near(b.zoom / b.fitZoom, 2, 1e-9), { what: 'the guest follows the zoom' });
    await settleThroughServer(host, guest);
    expect(b.format).toMatchObject({ rotation: 270, flop: false });
    // Back on, it follows the room's format again.
    guest.sync.setSettings({ format: true });
    await waitFor(() => b.format.rotation === 180 && b.format.flop, {
      what: 'the guest re-follows the room format',
    });
  });

  it('every color control and the channel mode reach the other window', async () => {
    const { a, b } = await pair();
    const grade = Object.fromEntries(
      COLOR_CONTROLS.map((control) => {
        const range = COLOR_RANGES[control];
        return [control, range.min + (range.max - range.min) * 0.75];
      }),
    );
    a.setColor(grade);
    a.setChannel('luminance');
    await waitFor(
      () =>
        JSON.stringify(b.color) === JSON.stringify(a.color) && b.viewState.channel === 'luminance',
      { what: 'color and channel on the guest' },
    );
    expect(b.color).toEqual(grade);
  });
});
