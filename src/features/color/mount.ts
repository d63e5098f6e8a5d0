// Mounts the looks: the look section of the color panel, the viewer's look resolver, LUTs from
// the room library (fetched by fingerprint with the media token), the false color / zebra / view
// transform shortcuts, and window.reelsync.color. Refusals say why in a toast and the panel's
// status line; the previous look stays.
import type { FeatureMount } from '../../feature';
import type { DisplayTransform } from '../../protocol/index';
import { DISPLAY_TRANSFORMS } from '../../render/look/colorSpaces';
import { el } from '../../ui/components/shared/dom';
import { authorisedFetch, MediaTokens, mediaPath } from '../library/mediaAccess';
import { LookController, type LutTarget } from './LookController';
import { LookSection } from './LookSection';
import { LutStore, type LutFetch } from './LutStore';
import { lutRefsOf } from './model';

const VIEW_ORDER = Object.keys(DISPLAY_TRANSFORMS) as DisplayTransform[];

export const mountColor: FeatureMount = (context) => {
  const { viewer, session, network, toasts, keyBindings } = context;
  const mediaFetch = authorisedFetch(new MediaTokens(() => network.mediaCredentials()));
  /** A LUT someone else chose: from the room library, once its upload is there. */
  const fetchLut: LutFetch = async (ref) => {
    if (!network.roomCode) return 'waiting';
    const item = network.library.items.find((entry) => entry.id === ref.id);
    if (item?.state === 'failed')
      throw new Error(item.error?.message ?? 'the room library could not keep it');
    if (item?.state !== 'ready') return 'waiting';
    const response = await mediaFetch(mediaPath(ref.id, 'original'));
    if (!response.ok) throw new Error(`the room library answered ${response.status}`);
    return response.text();
  };
  const luts = new LutStore(fetchLut);
  /** LUT ids offered to the room's library by this page, per room (each at most once). */
  let offered = { room: '', ids: new Set<string>() };
  const share = (file: File, id: string): void => {
    const room = network.roomCode;
    if (!room) return;
    if (offered.room !== room) offered = { room, ids: new Set() };
    if (offered.ids.has(id) || network.library.items.some((item) => item.id === id)) return;
    offered.ids.add(id);
    context.scripting.library?.add([file]);
  };
  /**
   * Looks set up before the room (or before this page sent them): the LUT files this page read
   * go to the library too, so the others can apply them. Only when this page shares Color.
   */
  const shareMissing = (): void => {
    if (!network.directions.color.send) return;
    for (const ref of lutRefsOf(viewer.color.look)) {
      const file = luts.localFile(ref.id);
      if (file) share(file, ref.id);
    }
  };
  const controller = new LookController({
    viewer,
    session,
    luts,
    share: (file, id) => share(file, id),
  });
  viewer.setLookResolver((looks, source) => controller.resolve(looks, source));

  const refuse = (what: string, error: unknown): void => {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `${what}: ${reason}. The previous look stays.`;
    section.setStatus(message, 'error');
    toasts.show(message, { kind: 'error' });
  };
  /** Runs a panel or key action; a refusal is shown, never thrown. */
  const attempt = (what: string, action: () => unknown): void => {
    try {
      const result = action();
      if (result instanceof Promise) result.catch((error: unknown) => refuse(what, error));
      else section.setStatus('');
    } catch (error) {
      refuse(what, error);
    }
  };
  const loadLut = (file: File, target: LutTarget) =>
    attempt(file.name, async () => {
      await controller.loadLut(file, target);
      section.setStatus(
        network.roomCode ? `${file.name} applied and shared through the room library.` : '',
      );
    });
  const section = new LookSection({
    setInputSpace: (name) => attempt('Input color space', () => controller.setInputSpace(name)),
    setLookSpace: (name) => attempt('Look space', () => controller.setLookSpace(name)),
    setCdl: (cdl) => attempt('CDL', () => controller.setCdl(cdl)),
    importCdl: (file) => attempt(file.name, async () => controller.importCdl(await file.text())),
    exportCdl: () => {
      const text = controller.exportCdl();
      if (!text) return section.setStatus('This source has no CDL to export.', 'error');
      const link = el('a', {
        attrs: { href: URL.createObjectURL(new Blob([text], { type: 'application/xml' })) },
      });
      link.download = `${session.media?.info.name.replace(/\.[^.]*$/, '') ?? 'look'}.cc`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 0);
    },
    loadLut,
    clearLut: (target) => attempt('LUT', () => controller.clearLut(target)),
    setDisplayTransform: (name) =>
      attempt('Display transform', () => controller.setDisplayTransform(name)),
    setLutInterpolation: (name) =>
      attempt('LUT interpolation', () => controller.setLutInterpolation(name)),
    setFalseColor: (on) => attempt('False color', () => controller.setFalseColor(on)),
    setZebra: (on) => attempt('Zebra', () => controller.setZebra(on)),
    resetSource: () => attempt('Reset look', () => controller.resetSource()),
  });
  const removeSection = context.colorPanel.addSection(section.element);

  /** What the status line says about the LUTs in use (loading, waiting for the room, failed). */
  const lutStatus = (): void => {
    const refs = [controller.sourceLook.lut, controller.display.lut];
    for (const ref of refs) {
      const status = ref ? luts.status(ref) : null;
      if (!status || status.state === 'ready') continue;
      if (status.state === 'failed') return section.setStatus(status.message, 'error');
      return section.setStatus(
        status.state === 'waiting'
          ? `Waiting for ${status.ref.name} in the room library…`
          : `Loading ${status.ref.name}…`,
      );
    }
  };
  const colorChanged = (): void => {
    controller.storeGrade();
    refresh();
  };
  const refresh = (): void => {
    const { sourceLook, display } = controller;
    section.show(session.media?.info.name ?? null, sourceLook, display);
    context.colorPanel.setSectionActive(
      sourceLook.inputSpace !== 'auto' ||
        Boolean(sourceLook.cdl || sourceLook.lut || display.lut) ||
        display.transform !== 'srgb' ||
        display.falseColor ||
        display.zebra,
    );
    lutStatus();
    viewer.invalidate();
  };
  const mediaChanged = (): void => {
    controller.restoreGrade();
    refresh();
    const source = session.media;
    // The look may be stored under the fingerprint: look again once it is known.
    if (source && !source.info.fingerprint)
      source.fingerprint().then(
        () => {
          if (session.media !== source) return;
          controller.restoreGrade();
          refresh();
        },
        () => undefined,
      );
  };
  const cycleView = (): void => {
    const next =
      VIEW_ORDER[(VIEW_ORDER.indexOf(controller.display.transform) + 1) % VIEW_ORDER.length];
    attempt('Display transform', () => controller.setDisplayTransform(next));
    toasts.show(`View: ${DISPLAY_TRANSFORMS[next ?? 'srgb']}`, { kind: 'info' });
  };

  const cleanups = [
    viewer.on('colorChanged', colorChanged),
    session.on('mediaChanged', mediaChanged),
    luts.on('changed', (status) => {
      if (status.state === 'failed') toasts.show(status.message, { kind: 'error' });
      refresh();
    }),
    network.on('libraryChanged', () => luts.retryWaiting()),
    network.on('roomJoined', () => {
      luts.retryWaiting();
      shareMissing();
    }),
    network.on('settingsChanged', shareMissing),
    keyBindings.register({
      id: 'color.falseColor',
      keys: ['Shift+C'],
      group: 'View',
      description: 'False color (exposure bands)',
      handler: () =>
        attempt('False color', () => controller.setFalseColor(!controller.display.falseColor)),
    }),
    keyBindings.register({
      id: 'color.zebra',
      keys: ['Shift+Z'],
      group: 'View',
      description: 'Zebra stripes over 95 %',
      handler: () => attempt('Zebra', () => controller.setZebra(!controller.display.zebra)),
    }),
    keyBindings.register({
      id: 'color.viewTransform',
      keys: ['Shift+D'],
      group: 'View',
      description: 'Next display transform (sRGB, Rec.709, Display P3, none)',
      handler: cycleView,
    }),
  ];
  context.scripting.color = {
    looks: () => structuredClone(viewer.color.look ?? { sources: {}, display: controller.display }),
    sourceLook: () => structuredClone(controller.sourceLook),
    display: () => structuredClone(controller.display),
    setInputSpace: (name) => controller.setInputSpace(name),
    setLookSpace: (name) => controller.setLookSpace(name),
    setCdl: (cdl) => controller.setCdl(cdl),
    importCdl: (text, id) => controller.importCdl(text, id),
    exportCdl: () => controller.exportCdl(),
    loadLookLut: async (file) => void (await controller.loadLut(file, 'look')),
    loadDisplayLut: async (file) => void (await controller.loadLut(file, 'display')),
    clearLookLut: () => controller.clearLut('look'),
    clearDisplayLut: () => controller.clearLut('display'),
    setDisplayTransform: (name) => controller.setDisplayTransform(name),
    setLutInterpolation: (name) => controller.setLutInterpolation(name),
    setFalseColor: (on) => controller.setFalseColor(on),
    setZebra: (on) => controller.setZebra(on),
    resetSourceLook: () => controller.resetSource(),
  };
  mediaChanged();

  return () => {
    context.scripting.color = null;
    viewer.setLookResolver(null);
    for (const cleanup of cleanups) cleanup();
    removeSection();
    context.colorPanel.setSectionActive(false);
    section.dispose();
    luts.removeAllListeners();
  };
};
