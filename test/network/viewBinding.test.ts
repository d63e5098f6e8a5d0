// ViewBinding in image terms: views cross between windows of different sizes as zoom relative to
// fit + image-px pan, so both show the same region; resizes keep a follower on the room's region.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewBinding } from '../../src/network/bindings';
import { DEFAULT_IMAGE_FORMAT, type ViewState } from '../../src/protocol/index';
import { sharedRegion, type Size } from '../../src/render/viewTransform';
import { waitFor } from '../support/waitFor';
import { FakeViewer } from './testkit';
import { SizedViewer } from './viewFakes';

const HD = { width: 1920, height: 1080 };
const bindings: ViewBinding[] = [];
afterEach(() => {
  for (const binding of bindings.splice(0)) binding.dispose();
});

function bind(viewer: SizedViewer | FakeViewer, sent: ViewState[] = []): ViewBinding {
  const binding = new ViewBinding(
    viewer,
    0,
    (view) => sent.push(view),
    () => undefined,
  );
  bindings.push(binding);
  return binding;
}

/** Waits until no binding has a view or color send waiting in its throttle. */
const settle = () =>
  waitFor(
    () => bindings.every((binding) => !binding.hasQueued('view') && !binding.hasQueued('color')),
    { what: 'the throttled sends to go out' },
  );

/** Same image point at both centres, up to the whole-pixel snap of each image origin. */
function expectSameRegion(a: SizedViewer, b: SizedViewer): void {
  const snap = 1 / a.zoom + 1 / b.zoom + 1e-6;
  expect(Math.abs(b.centre.x - a.centre.x)).toBeLessThanOrEqual(snap);
  expect(Math.abs(b.centre.y - a.centre.y)).toBeLessThanOrEqual(snap);
}

describe('ViewBinding in image terms', () => {
  it('sends zoom as a multiple of the fit zoom and pan in image px', async () => {
    const viewer = new SizedViewer({ width: 960, height: 540 }, HD); // fit 0.5
    const sent: ViewState[] = [];
    bind(viewer, sent);
    viewer.setZoom(1);
    viewer.setPan(100, -50);
    await settle();
    expect(sent.at(-1)).toEqual({
      zoom: 2,
      pan: { x: 100, y: -50 },
      fit: false,
      channel: 'rgb',
      format: DEFAULT_IMAGE_FORMAT,
    });
  });

  it('a view from a small window shows the same region in a large one', async () => {
    const small = new SizedViewer({ width: 480, height: 270 }, HD); // fit 0.25
    const large = new SizedViewer({ width: 1920, height: 1080 }, HD); // fit 1
    const sent: ViewState[] = [];
    bind(small, sent);
    const follower = bind(large);
    small.setZoom(0.5); // 2x fit
    small.setPan(300, 120);
    await settle();
    follower.applyView(sent.at(-1)!);
    expect(large.zoom).toBe(2);
    expect(large.pan).toEqual({ x: 300, y: 120 });
    expect(large.visible.x).toBeCloseTo(small.visible.x, 6);
    expect(large.visible.width).toBeCloseTo(small.visible.width, 6);
    expectSameRegion(small, large);
  });

  it('applying a room view sends nothing back (echo guard)', async () => {
    const viewer = new SizedViewer({ width: 800, height: 600 }, HD);
    const sent: ViewState[] = [];
    const binding = bind(viewer, sent);
    binding.applyView({ zoom: 3, pan: { x: 10, y: 20 }, fit: false, channel: 'green' });
    await settle();
    expect(sent).toEqual([]);
    expect(binding.view).toEqual({
      zoom: 3,
      pan: { x: 10, y: 20 },
      fit: false,
      channel: 'green',
      format: DEFAULT_IMAGE_FORMAT,
    });
  });

  it('a follower keeps the room region when its window or image size changes', async () => {
    const viewer = new SizedViewer({ width: 800, height: 450 }, HD);
    const sent: ViewState[] = [];
    const binding = bind(viewer, sent);
    const room: ViewState = { zoom: 4, pan: { x: -200, y: 100 }, fit: false, channel: 'rgb' };
    binding.applyView(room);
    viewer.resize({ width: 1600, height: 900 });
    expect(binding.view.zoom).toBeCloseTo(4, 9);
    viewer.setImageSize({ width: 3840, height: 2160 }); // e.g. the media loaded after the view came
    expect(binding.view.zoom).toBeCloseTo(4, 9);
    expect(viewer.pan).toEqual(room.pan);
    await settle();
    expect(sent).toEqual([]);
  });

  it('a viewer steering itself tells the room when a resize changes its region', async () => {
    const viewer = new SizedViewer({ width: 960, height: 540 }, HD);
    const sent: ViewState[] = [];
    bind(viewer, sent);
    viewer.setZoom(1);
    await settle();
    expect(sent.at(-1)?.zoom).toBe(2);
    viewer.resize({ width: 1920, height: 1080 }); // same CSS zoom, now 1x fit
    await settle();
    expect(sent.at(-1)?.zoom).toBe(1);
  });

  it('fitted views stay fitted whatever the window (nothing sent on resize)', async () => {
    const viewer = new SizedViewer({ width: 960, height: 540 }, HD);
    const sent: ViewState[] = [];
    const binding = bind(viewer, sent);
    binding.applyView({ zoom: 1, pan: { x: 0, y: 0 }, fit: true, channel: 'rgb' });
    viewer.resize({ width: 500, height: 900 });
    await settle();
    expect(viewer.viewState.fit).toBe(true);
    expect(sent).toEqual([]);
  });

  it('targets without a fit zoom share their zoom unchanged', async () => {
    const viewer = new FakeViewer();
    const sent: ViewState[] = [];
    bind(viewer, sent);
    viewer.setZoom(1.5);
    await settle();
    expect(sent.at(-1)?.zoom).toBe(1.5);
  });

  it('property: any two windows show the same region after one sends its view', () => {
    const size = (min: number, max: number) =>
      fc.record({ width: fc.integer({ min, max }), height: fc.integer({ min, max }) });
    fc.assert(
      fc.property(
        size(320, 3840),
        size(320, 3840),
        size(200, 2560),
        fc.double({ min: 0.25, max: 8, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        (image: Size, viewA: Size, viewB: Size, multiple, fx, fy) => {
          const a = new SizedViewer(viewA, image);
          const b = new SizedViewer(viewB, image);
          const zoomA = a.fitZoom * multiple;
          const zoomB = b.fitZoom * multiple;
          fc.pre([zoomA, zoomB].every((z) => z > 1 / 32 && z < 64));
          const sender = new ViewBinding(
            a,
            0,
            () => undefined,
            () => undefined,
          );
          const receiver = new ViewBinding(
            b,
            0,
            () => undefined,
            () => undefined,
          );
          try {
            a.setZoom(zoomA);
            a.setPan(fx * image.width, fy * image.height);
            receiver.applyView(sender.view);
            expectSameRegion(a, b);
            // Both show the whole shared region and fill one dimension with it.
            const region = sharedRegion(image, sender.view.zoom, sender.view.pan);
            for (const viewer of [a, b]) {
              const seen = viewer.visible;
              const fillsX = Math.abs(seen.width - region.width) < 1e-6 * image.width;
              const fillsY = Math.abs(seen.height - region.height) < 1e-6 * image.height;
              expect(fillsX || fillsY).toBe(true);
              expect(seen.width).toBeGreaterThanOrEqual(region.width * (1 - 1e-9));
              expect(seen.height).toBeGreaterThanOrEqual(region.height * (1 - 1e-9));
            }
          } finally {
            sender.dispose();
            receiver.dispose();
          }
        },
      ),
    );
  });
});
