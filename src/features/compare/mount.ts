// A/B compare and stereo in the App: the compositor on the viewer's renderer (src/render/compose/),
// the B source and its frame for A's frame, the room's Compare and Stereo categories, the side
// panel and its header button, the wipe handle, the shortcuts and window.reelsync.compare.
import type { FeatureContext } from '../../feature';
import {
  copyCompare,
  type CompareSource,
  type CompareState,
  type StereoState,
} from '../../protocol/index';
import { DEFAULT_COLOR, gradeOf } from '../../render/color';
import { Compositor } from '../../render/compose/Compositor';
import { cellsOf, composition, shownSize } from '../../render/compose/layout';
import type { CanvasCompositor } from '../../render/WebGLRenderer';
import { sidePanelToggle } from '../../ui/components/SidePanel';
import { isSoundItem, MediaTokens, remoteMediaOf } from '../library/mediaAccess';
import { BSource } from './BSource';
import { ComparePanel, type SourceChoice } from './ComparePanel';
import {
  bFrameFor,
  CompareModel,
  COMPARE_MODE_NAMES,
  COMPARE_MODES,
  mismatchReasons,
  sameCompare,
  sameStereo,
  sourceKey,
} from './model';
import type { CompareScripting } from './scripting';
import { SettingSync } from './settingSync';
import { WipeHandle } from './WipeHandle';
import './compare.css';

export function mountCompare(context: FeatureContext): () => void {
  const { network, session, viewer, toasts } = context;
  const model = new CompareModel();
  const tokens = new MediaTokens(() => network.mediaCredentials());
  const libraryItem = (id: string) => network.library.items.find((item) => item.id === id);
  const bSource = new BSource({ remoteOf: (item) => remoteMediaOf(item, tokens), libraryItem });
  const renderer = viewer.gpu;
  const compositor = renderer ? new Compositor(viewer.canvas, () => viewer.invalidate()) : null;
  /** Local files picked here as B: their room description, by key. */
  const localChoices = new Map<string, SourceChoice & { source: CompareSource }>();

  const sizeOfA = () => {
    const info = session.media?.info;
    return { width: info?.width ?? 0, height: info?.height ?? 0 };
  };

  // B's frame follows the frame A shows, set just before each composed draw.
  const hook: CanvasCompositor = {
    compose: (target, params) => {
      if (!compositor) return false;
      const a = session.media;
      const b = bSource.media;
      compositor.setSizeA(sizeOfA());
      if (a && b) {
        const shown = context.displayedFrame() ?? session.currentFrame;
        const frame = bFrameFor(shown, a.info, b.info);
        const image = bSource.frame(frame, session.direction, session.isPlaying);
        compositor.setImageB(image, { width: b.info.width, height: b.info.height });
        // B with its own look and grade (the color settings of B's item), not A's.
        const look = params.look ? viewer.lookFor(b.info) : null;
        compositor.setLookB(
          look
            ? { look, color: { ...params.color, ...(look.source.grade ?? gradeOf(DEFAULT_COLOR)) } }
            : null,
        );
      } else compositor.setImageB(null, { width: 0, height: 0 });
      return compositor.compose(target, params);
    },
  };

  const shownOfA = () => shownSize(compositor?.composition ?? null, sizeOfA());
  const wipe = new WipeHandle(context.stage, viewer, model, shownOfA);

  /** Puts the composition for the current settings on the renderer and the viewer. */
  const apply = (): void => {
    const next = composition(model.compare, model.stereo, bSource.media !== null);
    compositor?.setComposition(next);
    if (next && compositor) {
      renderer?.setCompositor(hook);
      viewer.setLayout({
        cell: (view) => cellsOf(next.cells, view)[0],
        shown: (image) => shownSize(next, image),
      });
    } else {
      renderer?.setCompositor(null);
      viewer.setLayout(null);
    }
    viewer.invalidate();
    wipe.update();
  };

  const panel = new ComparePanel(model);
  const toggle = sidePanelToggle({
    slot: context.header.channelSlot,
    side: context.side,
    panel,
    label: 'Compare & stereo: A/B against another version, stereo display (Alt+B)',
    testId: 'compare-button',
    icon: 'compare',
    badgeClass: 'rs-compare-button__mode',
    badgeTestId: 'compare-badge',
  });

  const choices = (): SourceChoice[] => {
    const list: SourceChoice[] = [];
    for (const item of network.playlist.items)
      list.push({ key: `playlist:${item.id}`, name: item.name, group: 'Playlist' });
    for (const item of network.library.items)
      if (!isSoundItem(item))
        list.push({ key: `library:${item.id}`, name: item.name, group: 'Library' });
    for (const choice of localChoices.values())
      list.push({ key: choice.key, name: choice.name, group: 'Local' });
    return list;
  };
  const sourceOf = (key: string | null): CompareSource | undefined => {
    if (key === null) return null;
    if (key.startsWith('library:')) return { kind: 'library', id: key.slice('library:'.length) };
    if (key.startsWith('playlist:')) {
      const item = network.playlist.items.find((i) => `playlist:${i.id}` === key);
      if (!item) return undefined;
      return item.source.kind === 'library'
        ? { kind: 'library', id: item.source.id }
        : { kind: 'local', media: { ...item.source.media } };
    }
    return localChoices.get(key)?.source;
  };
  const setSource = (key: string | null): void => {
    const source = sourceOf(key);
    if (source === undefined) throw new Error(`no compare source ${key}`);
    model.setCompare({ source });
  };
  const openFiles = async (files: File[]): Promise<void> => {
    try {
      const source = await bSource.openFiles(files);
      const key = sourceKey(source);
      if (!key || !source || source.kind !== 'local') return;
      localChoices.set(key, { key, name: source.media.name, group: 'Local', source });
      panel.setChoices(choices());
      const before = model.compare.source;
      model.setCompare({ source });
      // The same file the room already compares with: open this copy.
      if (sourceKey(before) === key) void bSource.follow(source, true);
    } catch (error) {
      toasts.show(
        `Could not open the compare source. ${error instanceof Error ? error.message : String(error)}`,
        { kind: 'error' },
      );
      throw error;
    }
  };

  const status = () => {
    const a = session.media?.info;
    const b = bSource.media?.info;
    return {
      b: b?.name ?? null,
      problem: bSource.problem,
      mismatch: a && b ? mismatchReasons(a, b) : [],
    };
  };
  let lastProblem: string | null = null;
  const showStatus = (): void => {
    const now = status();
    const { mode } = model.compare;
    const name =
      (mode === 'off' ? '' : `${COMPARE_MODE_NAMES[mode]}. `) + (now.b ? `B: ${now.b}.` : '');
    const text = now.problem ?? [name, ...now.mismatch].filter(Boolean).join(' ');
    panel.setStatus(text, now.problem !== null || now.mismatch.length > 0);
    toggle.badge.textContent = mode === 'off' ? '' : mode === 'toggle' ? model.compare.show : 'A/B';
    if (now.problem && now.problem !== lastProblem)
      toasts.show(`Compare: ${now.problem}`, { kind: 'error' });
    lastProblem = now.problem;
  };
  const render = (): void => {
    panel.render(sourceKey(model.compare.source));
    showStatus();
  };

  const compareSync = new SettingSync<CompareState>({
    send: (value) => network.sendCompare(value),
    apply: (value) => model.setCompare(copyCompare(value)),
    current: () => model.compare,
    same: sameCompare,
  });
  const stereoSync = new SettingSync<StereoState>({
    send: (value) => network.sendStereo(value),
    apply: (value) => model.setStereo(value),
    current: () => model.stereo,
    same: sameStereo,
  });

  const onFrameReady = () => viewer.invalidate();
  const onLayoutChange = () => wipe.update();
  window.addEventListener('resize', onLayoutChange);
  const cleanups: Array<() => void> = [
    () => window.removeEventListener('resize', onLayoutChange),
    model.on('compareChanged', (compare) => {
      compareSync.changed();
      void bSource.follow(compare.source);
      apply();
      render();
    }),
    model.on('stereoChanged', () => {
      stereoSync.changed();
      apply();
      render();
    }),
    bSource.on('changed', () => {
      apply();
      showStatus();
    }),
    bSource.on('frameReady', onFrameReady),
    session.on('mediaChanged', () => {
      apply();
      showStatus();
    }),
    viewer.on('zoomChanged', onLayoutChange),
    viewer.on('panChanged', onLayoutChange),
    viewer.on('fitZoomChanged', onLayoutChange),
    network.on('compareChanged', (compare) => compareSync.receive(compare)),
    network.on('stereoChanged', (stereo) => stereoSync.receive(stereo)),
    network.on('libraryChanged', () => {
      panel.setChoices(choices());
      if (bSource.problem) void bSource.follow(model.compare.source, true);
    }),
    network.on('playlistChanged', () => panel.setChoices(choices())),
    panel.on('closeRequested', () => toggle.setOpen(false)),
    panel.on('sourceChosen', (key) => setSource(key)),
    panel.on('filesChosen', (files) => void openFiles(files).catch(() => undefined)),
    context.keyBindings.register({
      id: 'compare.panel',
      keys: ['Alt+B'],
      group: 'Compare',
      description: 'Compare & stereo panel on / off',
      handler: () => toggle.setOpen(!toggle.isOpen()),
    }),
    context.keyBindings.register({
      id: 'compare.toggleAB',
      keys: ['Shift+B'],
      group: 'Compare',
      description: 'Quick A/B toggle: show B, then A, then B…',
      handler: () => model.toggleAB(),
    }),
    context.keyBindings.register({
      id: 'compare.mode',
      keys: ['Alt+C'],
      group: 'Compare',
      description:
        'Next compare mode (off, wipe, split, side by side, over/under, difference, blend, toggle)',
      handler: () => {
        const at = COMPARE_MODES.indexOf(model.compare.mode);
        model.setMode(COMPARE_MODES[(at + 1) % COMPARE_MODES.length] ?? 'off');
      },
    }),
    context.keyBindings.register({
      id: 'stereo.display',
      keys: ['Alt+S'],
      group: 'Compare',
      description: 'Next stereo display (off, left, right, side by side, over/under, anaglyph…)',
      handler: () => {
        const displays = [
          'off',
          'left',
          'right',
          'sideBySide',
          'overUnder',
          'anaglyph',
          'checkerboard',
          'rows',
          'mirror',
        ] as const;
        const at = displays.indexOf(model.stereo.display);
        model.setStereo({ display: displays[(at + 1) % displays.length] ?? 'off' });
      },
    }),
    context.keyBindings.register({
      id: 'stereo.swap',
      keys: ['Alt+E'],
      group: 'Compare',
      description: 'Swap the stereo eyes',
      handler: () => model.setStereo({ swapEyes: !model.stereo.swapEyes }),
    }),
  ];

  const scripting: CompareScripting = {
    state: () => model.compare,
    setMode: (mode) => model.setMode(mode),
    setSource,
    openFiles,
    setWipe: (patch) => model.setCompare({ wipe: { ...model.compare.wipe, ...patch } }),
    setGain: (gain) => model.setCompare({ gain }),
    setBlend: (blend) => model.setCompare({ blend }),
    toggleAB: () => model.toggleAB(),
    choices,
    status,
    stereo: () => model.stereo,
    setStereo: (patch) => model.setStereo(patch),
    composedCount: () => compositor?.composedCount ?? 0,
  };
  context.scripting.compare = scripting;
  panel.setChoices(choices());
  render();

  return () => {
    context.scripting.compare = null;
    for (const cleanup of cleanups) cleanup();
    compareSync.dispose();
    stereoSync.dispose();
    renderer?.setCompositor(null);
    viewer.setLayout(null);
    wipe.dispose();
    toggle.dispose();
    panel.element.remove();
    bSource.dispose();
    compositor?.dispose();
  };
}
