// Integration: view and color sync through the real server between two windows of different
// sizes: the same image region on both; all color controls and the channel follow.
import { describe, expect, it } from 'vitest';
import { COLOR_CONTROLS, COLOR_RANGES } from '../../src/render/color';
import { waitFor, type Peer } from './helpers';
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
