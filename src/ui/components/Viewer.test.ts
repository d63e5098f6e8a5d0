// @vitest-environment happy-dom
// happy-dom has no WebGL: only the WebGL2 context is faked here (the real GL path is checked in
// Chromium); ResizeObserver is driven by hand because happy-dom does no layout.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_COLOR, MAX_ZOOM, MIN_ZOOM, Viewer } from './Viewer';

interface FakeGl {
  gl: WebGL2RenderingContext;
  /** Makes texImage2D throw, as a closed VideoFrame does. */
  failUploads: boolean;
  count(name: string): number;
  reset(): void;
  lost: boolean;
}

/** A WebGL2 stand-in that accepts every call and records its name. */
function fakeWebGL2(): FakeGl {
  const calls: string[] = [];
  const state = { lost: false, failUploads: false };
  const answers: Record<string, () => unknown> = {
    isContextLost: () => state.lost,
    getShaderParameter: () => true,
    getProgramParameter: () => true,
    getExtension: () => null,
    getShaderInfoLog: () => '',
    getProgramInfoLog: () => '',
    texImage2D: () => {
      if (state.failUploads) throw new DOMException('closed', 'InvalidStateError');
      return undefined;
    },
  };
  const gl = new Proxy(
    {},
    {
      get(_target, property) {
        if (typeof property !== 'string') return undefined;
        if (/^[A-Z0-9_]+$/.test(property)) return property; // GL enum constants
        return () => {
          calls.push(property);
          const answer = answers[property];
          return answer ? answer() : {};
        };
      },
    },
  ) as WebGL2RenderingContext;
  return {
    gl,
    count: (name) => calls.filter((call) => call === name).length,
    reset: () => calls.splice(0),
    get lost() {
      return state.lost;
    },
    set lost(value: boolean) {
      state.lost = value;
    },
    get failUploads() {
      return state.failUploads;
    },
    set failUploads(value: boolean) {
      state.failUploads = value;
    },
  };
}

let observers: Array<{ callback: ResizeObserverCallback; disconnected: boolean }> = [];
class ManualResizeObserver {
  private readonly entry: { callback: ResizeObserverCallback; disconnected: boolean };
  constructor(callback: ResizeObserverCallback) {
    this.entry = { callback, disconnected: false };
    observers.push(this.entry);
  }
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {
    this.entry.disconnected = true;
  }
}

function setSize(element: HTMLElement, width: number, height: number): void {
  Object.defineProperty(element, 'clientWidth', { value: width, configurable: true });
  Object.defineProperty(element, 'clientHeight', { value: height, configurable: true });
}

function resize(element: HTMLElement, width: number, height: number): void {
  setSize(element, width, height);
  for (const observer of observers) {
    if (!observer.disconnected) observer.callback([], {} as ResizeObserver);
  }
}

let fake: FakeGl;
let container: HTMLElement;
let viewer: Viewer;
const image = document.createElement('canvas');

beforeEach(() => {
  observers = [];
  vi.stubGlobal('ResizeObserver', ManualResizeObserver);
  fake = fakeWebGL2();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (
    this: HTMLCanvasElement,
    type: string,
  ) {
    return (type === 'webgl2' ? fake.gl : null) as never;
  });
  container = document.createElement('div');
  setSize(container, 960, 540);
  document.body.append(container);
  viewer = new Viewer(container);
});

afterEach(() => {
  viewer.dispose();
  container.remove();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

function record<T>(event: 'zoomChanged' | 'panChanged' | 'channelChanged' | 'colorChanged') {
  const seen: T[] = [];
  viewer.on(event, (payload) => seen.push(payload as T));
  return seen;
}

describe('Viewer setup', () => {
  it('creates the canvas in the container, sized by CSS size x DPR', () => {
    expect(container.querySelector('canvas[data-testid="viewer-canvas"]')).toBe(viewer.canvas);
    expect(container.classList.contains('rs-viewer')).toBe(true);
    expect(viewer.canvas.width).toBe(960);
    expect(viewer.canvas.height).toBe(540);
    expect(viewer.viewState).toEqual({
      zoom: 1,
      pan: { x: 0, y: 0 },
      fit: true,
      channel: 'rgb',
      guides: { safeAreas: false, mask: null },
      format: { pixelAspect: null, rotation: 0, flip: false, flop: false, maskOpacity: 0.82 },
    });
  });

  it('shows a notice and keeps its state working when WebGL2 is unavailable', () => {
    vi.mocked(HTMLCanvasElement.prototype.getContext).mockReturnValue(null);
    const host = document.createElement('div');
    const plain = new Viewer(host);
    expect(host.querySelector('[data-testid="viewer-no-webgl"]')).not.toBeNull();
    plain.setZoom(2);
    plain.render();
    expect(plain.zoom).toBe(2);
    plain.dispose();
    expect(host.childElementCount).toBe(0);
  });
});

describe('zoom, pan and fit', () => {
  it('fits a new image and reports the change once', () => {
    const zooms = record<number>('zoomChanged');
    viewer.setImage(image, 1920, 1080);
    expect(viewer.zoom).toBe(0.5);
    expect(viewer.viewState.fit).toBe(true);
    viewer.setImage(image, 1920, 1080);
    viewer.fit();
    expect(zooms).toEqual([0.5]);
  });

  it('keeps fitting when the container resizes, until the user zooms', () => {
    viewer.setImage(image, 1920, 1080);
    resize(container, 480, 540);
    expect(viewer.zoom).toBe(0.25);
    expect(viewer.canvas.width).toBe(480);
    viewer.setZoom(1);
    resize(container, 960, 540);
    expect(viewer.zoom).toBe(1);
    expect(viewer.viewState.fit).toBe(false);
  });

  it('reports fit-zoom changes from resizes and image sizes, and keeps the user zoom', () => {
    const fits: number[] = [];
    viewer.on('fitZoomChanged', (fit) => fits.push(fit));
    viewer.setImage(image, 1920, 1080);
    viewer.setZoom(2);
    resize(container, 480, 540);
    viewer.setImage(image, 1920, 1080); // same size: no event
    resize(container, 480, 540); // same size: no event
    expect(fits).toEqual([0.5, 0.25]);
    expect(viewer.fitZoom).toBe(0.25);
    expect(viewer.zoom).toBe(2);
  });

  it('emits zoom and pan events only on real change', () => {
    viewer.setImage(image, 1920, 1080);
    const zooms = record<number>('zoomChanged');
    const pans = record<{ x: number; y: number }>('panChanged');
    viewer.setZoom(2);
    viewer.setZoom(2);
    viewer.setPan(10, 20);
    viewer.setPan(10, 20);
    viewer.zoomBy(1);
    expect(zooms).toEqual([2]);
    expect(pans).toEqual([{ x: 10, y: 20 }]);
  });

  it('clamps zoom to 1/32 .. 64 and ignores nonsense', () => {
    viewer.setZoom(1000);
    expect(viewer.zoom).toBe(MAX_ZOOM);
    viewer.zoomBy(1e-9);
    expect(viewer.zoom).toBe(MIN_ZOOM);
    viewer.zoomBy(-1);
    viewer.setPan(Number.NaN, 0);
    expect(viewer.zoom).toBe(MIN_ZOOM);
    expect(viewer.pan).toEqual({ x: 0, y: 0 });
  });

  it('zooms about an anchor: the image point under it stays put', () => {
    viewer.setImage(image, 1920, 1080);
    vi.spyOn(viewer.canvas, 'getBoundingClientRect').mockReturnValue(
      new DOMRect(100, 50, 960, 540),
    );
    const anchor = { x: 400, y: 300 };
    const before = viewer.clientToImage(anchor);
    viewer.setZoom(3, anchor);
    const after = viewer.clientToImage(anchor);
    expect(Math.abs(after.x - before.x) * 3).toBeLessThanOrEqual(0.5);
    expect(Math.abs(after.y - before.y) * 3).toBeLessThanOrEqual(0.5);
  });

  it('fit() and actualSize() set the documented states', () => {
    viewer.setImage(image, 1920, 1080);
    viewer.setPan(100, 100);
    viewer.actualSize();
    expect(viewer.viewState).toMatchObject({ zoom: 1, pan: { x: 100, y: 100 }, fit: false });
    expect(viewer.fitZoom).toBe(0.5);
    viewer.fit();
    expect(viewer.viewState).toMatchObject({ zoom: 0.5, pan: { x: 0, y: 0 }, fit: true });
  });
});

describe('coordinates', () => {
  it('imageToClient and clientToImage are inverses and include the canvas offset', () => {
    viewer.setImage(image, 1920, 1080);
    vi.spyOn(viewer.canvas, 'getBoundingClientRect').mockReturnValue(
      new DOMRect(100, 50, 960, 540),
    );
    expect(viewer.imageToClient({ x: 0, y: 0 })).toEqual({ x: 100, y: 50 });
    expect(viewer.clientToImage({ x: 580, y: 320 })).toEqual({ x: 960, y: 540 });
    viewer.setZoom(2.37);
    viewer.setPan(-123.4, 56.7);
    for (const point of [
      { x: 0, y: 0 },
      { x: 1919.5, y: 1079.5 },
      { x: -40, y: 3000 },
    ]) {
      const back = viewer.clientToImage(viewer.imageToClient(point));
      expect(back.x).toBeCloseTo(point.x, 9);
      expect(back.y).toBeCloseTo(point.y, 9);
    }
  });
});

describe('input', () => {
  beforeEach(() => viewer.setImage(image, 1920, 1080));

  it('wheel zooms in about the cursor and prevents page scroll', () => {
    const wheel = new WheelEvent('wheel', { deltaY: -100, cancelable: true });
    // happy-dom's WheelEvent ignores the MouseEvent coordinates in its init dictionary.
    Object.defineProperties(wheel, { clientX: { value: 200 }, clientY: { value: 100 } });
    const before = viewer.clientToImage({ x: 200, y: 100 });
    viewer.canvas.dispatchEvent(wheel);
    expect(wheel.defaultPrevented).toBe(true);
    expect(viewer.zoom).toBeCloseTo(0.5 * Math.pow(2, 1 / 3), 12);
    const after = viewer.clientToImage({ x: 200, y: 100 });
    expect(Math.abs(after.x - before.x)).toBeLessThan(1);
    expect(Math.abs(after.y - before.y)).toBeLessThan(1);
  });

  it('dragging pans the image with the pointer', () => {
    const pans = record<{ x: number; y: number }>('panChanged');
    const pointer = (type: string, x: number, y: number) =>
      viewer.canvas.dispatchEvent(
        new PointerEvent(type, { pointerId: 1, button: 0, clientX: x, clientY: y }),
      );
    pointer('pointerdown', 100, 100);
    expect(container.classList.contains('rs-viewer--dragging')).toBe(true);
    pointer('pointermove', 150, 80);
    pointer('pointerup', 150, 80);
    pointer('pointermove', 300, 300);
    expect(viewer.pan).toEqual({ x: -100, y: 40 });
    expect(pans).toHaveLength(1);
    expect(viewer.viewState.fit).toBe(false);
    expect(container.classList.contains('rs-viewer--dragging')).toBe(false);
  });

  it('a click without movement leaves fit mode alone; double-click toggles fit and 1:1', () => {
    viewer.canvas.dispatchEvent(new PointerEvent('pointerdown', { pointerId: 2, button: 0 }));
    viewer.canvas.dispatchEvent(new PointerEvent('pointerup', { pointerId: 2, button: 0 }));
    expect(viewer.viewState.fit).toBe(true);
    viewer.canvas.dispatchEvent(new MouseEvent('dblclick', { clientX: 480, clientY: 270 }));
    expect(viewer.viewState).toMatchObject({ zoom: 1, fit: false });
    viewer.canvas.dispatchEvent(new MouseEvent('dblclick', { clientX: 480, clientY: 270 }));
    expect(viewer.viewState).toMatchObject({ zoom: 0.5, fit: true });
  });
});

describe('channel and color', () => {
  it('setGuides emits once per real change and the view carries them', () => {
    const seen: unknown[] = [];
    viewer.on('guidesChanged', (guides) => seen.push(guides));
    viewer.setGuides({ safeAreas: true, mask: '2.39' });
    viewer.setGuides({ safeAreas: true, mask: '2.39' });
    expect(seen).toEqual([{ safeAreas: true, mask: '2.39' }]);
    expect(viewer.viewState.guides).toEqual({ safeAreas: true, mask: '2.39' });
  });

  it('setChannel emits once per real change', () => {
    const channels = record<string>('channelChanged');
    viewer.setChannel('red');
    viewer.setChannel('red');
    viewer.setChannel('rgb');
    expect(channels).toEqual(['red', 'rgb']);
    expect(viewer.viewState.channel).toBe('rgb');
  });

  it('setColor merges, clamps, emits full copies only on change; resetColor restores defaults', () => {
    const colors = record<typeof DEFAULT_COLOR>('colorChanged');
    viewer.setColor({ exposure: 1.5 });
    viewer.setColor({ exposure: 1.5 });
    viewer.setColor({ gamma: -3 });
    expect(viewer.color).toEqual({ ...DEFAULT_COLOR, exposure: 1.5, gamma: 0.1 });
    viewer.color.exposure = 99; // a copy: mutating it changes nothing
    expect(viewer.color.exposure).toBe(1.5);
    viewer.resetColor();
    viewer.resetColor();
    expect(colors).toHaveLength(3);
    expect(colors[2]).toEqual(DEFAULT_COLOR);
  });
});

describe('rendering', () => {
  it('draws only when something changed', () => {
    viewer.setImage(image, 1920, 1080);
    fake.reset();
    viewer.render();
    viewer.render();
    expect(fake.count('drawArrays')).toBe(1);
    expect(fake.count('texImage2D')).toBe(1);

    viewer.setPan(5, 5);
    viewer.render();
    viewer.setChannel('red');
    viewer.render();
    viewer.setColor({ saturation: 0 });
    viewer.render();
    expect(fake.count('drawArrays')).toBe(4);
    expect(fake.count('texImage2D')).toBe(1); // view and color changes reuse the texture

    viewer.setImage(image, 1920, 1080); // same canvas redrawn with the next frame
    viewer.render();
    expect(fake.count('texImage2D')).toBe(2);

    resize(container, 800, 450);
    expect(fake.count('drawArrays')).toBe(6); // redrawn at once so the cleared canvas never shows
  });

  it('keeps drawing the previous frame when an upload fails, and warns once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    viewer.setImage(image, 1920, 1080);
    viewer.render();
    fake.failUploads = true;
    fake.reset();
    viewer.setImage(document.createElement('canvas'), 1920, 1080);
    viewer.render();
    viewer.setPan(3, 3);
    viewer.render();
    expect(fake.count('drawArrays')).toBe(2);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('rebuilds GPU resources after the context is restored and redraws', () => {
    viewer.setImage(image, 1920, 1080);
    viewer.render();
    fake.lost = true;
    viewer.canvas.dispatchEvent(new Event('webglcontextlost', { cancelable: true }));
    viewer.setPan(1, 1);
    fake.reset();
    viewer.render();
    expect(fake.count('drawArrays')).toBe(0);
    fake.lost = false;
    viewer.canvas.dispatchEvent(new Event('webglcontextrestored'));
    viewer.render();
    expect(fake.count('createProgram')).toBe(1);
    expect(fake.count('texImage2D')).toBe(1);
    expect(fake.count('drawArrays')).toBe(1);
  });

  it('dispose removes the canvas, listeners, observer and GL resources', () => {
    viewer.setImage(image, 1920, 1080);
    viewer.render();
    const canvas = viewer.canvas;
    viewer.dispose();
    expect(canvas.isConnected).toBe(false);
    expect(container.classList.contains('rs-viewer')).toBe(false);
    expect(fake.count('deleteTexture')).toBe(1);
    expect(fake.count('deleteProgram')).toBe(1);
    expect(observers.every((observer) => observer.disconnected)).toBe(true);
    canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: -100 }));
    expect(viewer.zoom).toBe(0.5);
    expect(viewer.listenerCount()).toBe(0);
  });
});
