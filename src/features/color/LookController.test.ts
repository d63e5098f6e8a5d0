// @vitest-environment happy-dom
// The look controller and the panel section on a real Viewer (no WebGL in happy-dom: its color
// state and events only) and a real Playback holding still pictures.
import { afterEach, describe, expect, it } from 'vitest';
import type { MediaInfo, MediaSource } from '../../core/media/types';
import { Playback } from '../../core/playback/Playback';
import { Viewer } from '../../ui/components/Viewer';
import { LookController } from './LookController';
import { LookSection } from './LookSection';
import { LutStore } from './LutStore';

/** A still picture: one frame, a known fingerprint. */
function still(name: string, fingerprint: string): MediaSource {
  const info: MediaInfo = {
    kind: 'images',
    name,
    frameStart: 1,
    frameEnd: 1,
    fps: 24,
    width: 4,
    height: 4,
    sizeBytes: 64,
    fingerprint,
    hasAudio: false,
  };
  return {
    info,
    getFrame: () => null,
    loadFrame: () => Promise.reject(new Error('no pixels in this test')),
    setPlayhead: () => undefined,
    fingerprint: () => Promise.resolve(fingerprint),
    dispose: () => undefined,
  };
}

const disposers: Array<() => void> = [];
afterEach(() => disposers.splice(0).forEach((dispose) => dispose()));

function setup() {
  const container = document.createElement('div');
  document.body.append(container);
  const viewer = new Viewer(container);
  const session = new Playback();
  const shared: File[] = [];
  const luts = new LutStore(() => Promise.resolve('waiting'));
  const controller = new LookController({
    viewer,
    session,
    luts,
    share: (file) => shared.push(file),
  });
  disposers.push(() => {
    viewer.dispose();
    container.remove();
  });
  return { viewer, session, controller, shared };
}

describe('LookController', () => {
  it('keeps the sliders per source', () => {
    const { viewer, session, controller } = setup();
    session.setMedia(still('a.png', 'a'.repeat(64)));
    viewer.setColor({ exposure: 1.5 });
    controller.storeGrade();
    session.setMedia(still('b.png', 'b'.repeat(64)));
    controller.restoreGrade();
    expect(viewer.color.exposure).toBe(0);
    session.setMedia(still('a.png', 'a'.repeat(64)));
    controller.restoreGrade();
    expect(viewer.color.exposure).toBe(1.5);
    expect(Object.keys(viewer.color.look?.sources ?? {})).toEqual(['a'.repeat(64)]);
  });

  it('applies a good LUT, shares it, and keeps the look on a bad one', async () => {
    const { session, controller, shared } = setup();
    session.setMedia(still('a.png', 'a'.repeat(64)));
    const good = new File(['LUT_1D_SIZE 2\n0 0 0\n1 1 1\n'], 'good.cube');
    const ref = await controller.loadLut(good, 'look');
    expect(ref.id).toMatch(/^[0-9a-f]{64}$/);
    expect(controller.sourceLook.lut).toEqual(ref);
    expect(shared).toEqual([good]);
    const bad = new File(['LUT_3D_SIZE 4\n0 0 0\n'], 'bad.cube');
    await expect(controller.loadLut(bad, 'display')).rejects.toThrow(/cut short/);
    expect(controller.display.lut).toBeUndefined();
    await expect(
      controller.loadLut(new File(['<ColorCorrection/>'], 'a.cc'), 'look'),
    ).rejects.toThrow(/an ASC CDL, not a LUT/);
    expect(controller.sourceLook.lut).toEqual(ref);
    expect(shared).toEqual([good]);
    expect(() =>
      controller.importCdl(
        '<ColorCorrection id="x"><SOPNode><Slope>1 1 1</Slope></SOPNode></ColorCorrection>',
      ),
    ).toThrow(/no <Offset>/);
    controller.importCdl(
      '<ColorCorrection id="x"><SatNode><Saturation>0.5</Saturation></SatNode></ColorCorrection>',
    );
    expect(controller.sourceLook.cdl?.saturation).toBe(0.5);
    expect(controller.exportCdl()).toContain('<Saturation>0.5</Saturation>');
  });
});

describe('LookSection', () => {
  it('shows a look and reports the user’s changes', () => {
    const calls: string[] = [];
    const section = new LookSection({
      setInputSpace: (name) => calls.push(`input ${name}`),
      setLookSpace: (name) => calls.push(`space ${name}`),
      setCdl: (cdl) => calls.push(`cdl ${cdl?.slope.join(',') ?? 'none'}`),
      importCdl: () => calls.push('import'),
      exportCdl: () => calls.push('export'),
      loadLut: (_file, target) => calls.push(`lut ${target}`),
      clearLut: (target) => calls.push(`clear ${target}`),
      setDisplayTransform: (name) => calls.push(`view ${name}`),
      setLutInterpolation: (name) => calls.push(`interpolation ${name}`),
      setFalseColor: (on) => calls.push(`false color ${on}`),
      setZebra: (on) => calls.push(`zebra ${on}`),
      resetSource: () => calls.push('reset'),
    });
    disposers.push(() => section.dispose());
    const get = <T extends HTMLElement>(id: string) =>
      section.element.querySelector<T>(`[data-testid="${id}"]`) as T;
    section.show(
      'a.exr',
      {
        inputSpace: 'arri-logc3',
        lookSpace: 'acescct',
        lut: { id: 'c'.repeat(64), name: 'show.cube' },
      },
      { transform: 'p3', falseColor: true, zebra: false, interpolation: 'trilinear' },
    );
    expect(get<HTMLSelectElement>('color-lut-interpolation').value).toBe('trilinear');
    expect(get<HTMLSelectElement>('color-input-space').value).toBe('arri-logc3');
    expect(get('color-look-lut-name').textContent).toBe('show.cube');
    expect(get<HTMLSelectElement>('color-display-transform').value).toBe('p3');
    expect(get<HTMLInputElement>('color-false-color').checked).toBe(true);
    expect(get<HTMLInputElement>('color-cdl-slope-r').value).toBe('1');

    const view = get<HTMLSelectElement>('color-display-transform');
    view.value = 'rec709';
    view.dispatchEvent(new Event('change'));
    const slope = get<HTMLInputElement>('color-cdl-slope-g');
    slope.value = '1.25';
    slope.dispatchEvent(new Event('change'));
    get<HTMLButtonElement>('color-look-lut-clear').click();
    const zebra = get<HTMLInputElement>('color-zebra');
    zebra.checked = true;
    zebra.dispatchEvent(new Event('change'));
    const interpolation = get<HTMLSelectElement>('color-lut-interpolation');
    interpolation.value = 'tetrahedral';
    interpolation.dispatchEvent(new Event('change'));
    expect(calls).toEqual([
      'view rec709',
      'cdl 1,1.25,1',
      'clear look',
      'zebra true',
      'interpolation tetrahedral',
    ]);
    section.setStatus('bad.cube: line 3: …', 'error');
    expect(get('color-look-status').classList.contains('rs-look__status--error')).toBe(true);
  });
});
