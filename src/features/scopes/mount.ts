// Scopes, pixel probe and frame guides, mounted into the App: the scopes panel in the side column
// (updated from the GPU, throttled to a share of the frame time), the probe's readout in the
// status area (ours, and others' probes marked on the picture), the safe areas and aspect masks
// over the stage, their shortcuts and window.reelsync.scopes.
import type { FeatureContext } from '../../feature';
import { iconButton, listen } from '../../ui/components/shared/dom';
import { setIcon } from '../../ui/components/shared/Icons';
import { GuidesOverlay, type ProbeMarker } from './GuidesOverlay';
import { ProbeReader } from './ProbeReader';
import { ProbeReadout, type ProbeLine } from './ProbeReadout';
import { probeLine, type ProbeReading } from './probeModel';
import { nextMask } from './safeAreas';
import { ScopeGpu, type PendingScopes, type ScopeResult } from './ScopeGpu';
import { SCOPE_KINDS, type ScopeKind } from './scopeMath';
import { ScopesPanel } from './ScopesPanel';
import { ScopesState } from './ScopesState';
import { sampleJson, type ScopeReadout, type ScopesScripting } from './scripting';
import { ScopeScheduler } from './ScopeScheduler';

interface RemoteProbe {
  x: number;
  y: number;
  color: string;
}

export function mountScopes(context: FeatureContext): () => void {
  const { viewer, stage, network, session } = context;
  const state = new ScopesState();
  const panel = new ScopesPanel();
  panel.element.hidden = true;
  context.side.append(panel.element);
  // The header button (beside the color panel's): the same toggle as Shift+S, pressed while open.
  const headerButton = iconButton('Scopes: histogram, waveform, parade, vectorscope (Shift+S)', {
    testId: 'scopes-toggle',
  });
  setIcon(headerButton, 'scopes');
  headerButton.setAttribute('aria-pressed', 'false');
  context.header.colorSlot.append(headerButton);
  const readout = new ProbeReadout(context.status);
  const gpu = viewer.gpu;
  const scopes = gpu ? new ScopeGpu(gpu) : null;
  const reader = gpu ? new ProbeReader(gpu) : null;
  const imageSize = () => {
    const info = session.media?.info;
    return info ? { width: info.width, height: info.height } : null;
  };
  const guides = new GuidesOverlay({
    container: stage,
    imageToClient: (p) => viewer.imageToClient(p),
    imageSize,
    // Masks and safe areas frame the picture as shown (the image format's aspect and rotation).
    displayToClient: (p) => viewer.displayToClient(p),
    displaySize: () => viewer.displaySize,
    maskOpacity: () => viewer.format.maskOpacity,
  });

  // ---- scopes ----
  let pending: PendingScopes | null = null;
  const showResult = (result: ScopeResult | null): void => {
    if (!result) {
      panel.setInfo('No picture to measure yet.');
      return;
    }
    for (const kind of state.scopes) {
      const counts = result.counts[kind];
      if (counts) panel.showCounts(counts, result.sample.height);
    }
    const where = result.path === 'gpu' ? 'GPU' : 'CPU (no float render targets)';
    panel.setInfo(
      `${result.sample.width}×${result.sample.height} samples of the displayed picture, on the ${where}.`,
    );
  };
  const scheduler = new ScopeScheduler({
    wanted: () => state.panel && state.scopes.length > 0 && scopes !== null,
    drawCount: () => gpu?.drawCount ?? 0,
    playing: () => session.isPlaying,
    run: () => {
      pending = scopes?.begin(state.scopes) ?? null;
    },
    finish: () => {
      if (!pending || !scopes) {
        showResult(null);
        return true;
      }
      const result = scopes.finish(pending);
      if (result === 'waiting') return false;
      pending = null;
      showResult(result);
      return true;
    },
  });
  if (!scopes) panel.setInfo('Scopes need WebGL2, which this browser does not offer.');

  // ---- probe ----
  let pointer: { x: number; y: number } | null = null;
  const remote = new Map<string, RemoteProbe>();
  const userName = (userId: string) =>
    network.users.find((user) => user.userId === userId)?.displayName || 'Guest';
  const readAt = (x: number, y: number): ProbeReading | null => reader?.read(x, y) ?? null;
  const refreshProbes = (): void => {
    const lines: ProbeLine[] = [];
    const markers: ProbeMarker[] = [];
    if (state.probe) {
      const own = pointer ? readAt(pointer.x, pointer.y) : null;
      lines.push({
        key: 'self',
        text: own
          ? probeLine(own, null)
          : reader
            ? 'Pixel probe: point at the picture to read its values.'
            : 'Pixel probe needs WebGL2, which this browser does not offer.',
      });
    }
    for (const [userId, probe] of remote) {
      const name = userName(userId);
      const reading = readAt(probe.x, probe.y);
      if (!reading) continue;
      lines.push({ key: userId, text: probeLine(reading, name), color: probe.color });
      markers.push({ key: userId, x: reading.x, y: reading.y, color: probe.color, label: name });
    }
    readout.setLines(lines);
    guides.setMarkers(markers);
  };
  const onPointerMove = (event: PointerEvent): void => {
    if (!state.probe) return;
    pointer = viewer.clientToImage({ x: event.clientX, y: event.clientY });
    probeFrame.request();
  };
  const onPointerLeave = (): void => {
    pointer = null;
    if (state.probe) refreshProbes();
  };
  stage.addEventListener('pointermove', onPointerMove);
  stage.addEventListener('pointerleave', onPointerLeave);
  // One probe read per displayed frame at most (reads stall the GPU briefly).
  const probeFrame = new FrameRequest(refreshProbes);
  let probedDraw = -1;
  const watchPicture = window.setInterval(() => {
    const count = gpu?.drawCount ?? 0;
    if (count === probedDraw || (!state.probe && remote.size === 0)) return;
    probedDraw = count;
    probeFrame.request();
  }, 100);

  // ---- state → views ----
  const show = (): void => {
    panel.element.hidden = !state.panel;
    headerButton.setAttribute('aria-pressed', String(state.panel));
    panel.setScopes(new Set(state.scopes));
    panel.setGuides({ probe: state.probe, ...state.guides });
    guides.setSafeAreas(state.guides.safeAreas);
    guides.setMask(state.guides.mask);
    // The viewer carries the guides in its view, so view sync shares them with the room.
    viewer.setGuides(state.guides);
    stage.classList.toggle('rs-stage--probe', state.probe);
    context.pointer.probe = state.probe;
    scheduler.invalidate();
    refreshProbes();
  };
  show();

  const toggle = (on: boolean, what: string, key: string) =>
    context.toasts.show(`${what} ${on ? 'on' : 'off'} (${key})`, { durationMs: 2000 });
  const relayout = () => guides.layout();
  const resizeObserver =
    typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(relayout);
  resizeObserver?.observe(stage);

  const cleanups: Array<() => void> = [
    state.on('changed', show),
    panel.on('scopeToggled', (kind) => state.setScope(kind, !state.scopes.includes(kind))),
    panel.on('probeToggled', () => state.setProbe(!state.probe)),
    panel.on('closeRequested', () => state.setPanel(false)),
    listen(headerButton, 'click', () => state.setPanel(!state.panel)),
    panel.on('safeAreasToggled', () => state.setGuides({ safeAreas: !state.guides.safeAreas })),
    panel.on('maskChosen', (mask) => state.setGuides({ mask })),
    viewer.on('zoomChanged', relayout),
    viewer.on('panChanged', relayout),
    viewer.on('fitZoomChanged', relayout),
    viewer.on('guidesChanged', (next) => state.setGuides(next)),
    viewer.on('formatChanged', relayout),
    session.on('mediaChanged', () => {
      remote.clear();
      relayout();
    }),
    network.on('remoteCursor', (cursor) => {
      if (cursor.visible && cursor.probe) remote.set(cursor.userId, cursor);
      else if (!remote.delete(cursor.userId)) return;
      probeFrame.request();
    }),
    network.on('userLeft', (user) => {
      if (remote.delete(user.userId)) refreshProbes();
    }),
    network.on('roomLeft', () => {
      remote.clear();
      refreshProbes();
    }),
    context.keyBindings.register({
      id: 'scopes.panel',
      keys: ['Shift+S'],
      group: 'Scopes',
      description: 'Scopes panel on / off (histogram, waveform, parade, vectorscope)',
      handler: () => state.setPanel(!state.panel),
    }),
    context.keyBindings.register({
      id: 'scopes.probe',
      keys: ['Shift+Q'],
      group: 'Scopes',
      description: 'Pixel probe on / off (values under the pointer; others see where)',
      handler: () => {
        state.setProbe(!state.probe);
        toggle(state.probe, 'Pixel probe', 'Shift+Q');
      },
    }),
    context.keyBindings.register({
      id: 'scopes.safeAreas',
      keys: ['Shift+T'],
      group: 'Scopes',
      description: 'Safe areas on / off (action 93 %, title 90 %)',
      handler: () => {
        state.setGuides({ safeAreas: !state.guides.safeAreas });
        toggle(state.guides.safeAreas, 'Safe areas', 'Shift+T');
      },
    }),
    context.keyBindings.register({
      id: 'scopes.mask',
      keys: ['Shift+M'],
      group: 'Scopes',
      description: 'Next aspect mask (1.33, 1.78, 1.85, 2.00, 2.39, 1.00, none)',
      handler: () => {
        const mask = nextMask(state.guides.mask);
        state.setGuides({ mask });
        context.toasts.show(mask ? `Aspect mask ${mask}` : 'Aspect mask off', { durationMs: 2000 });
      },
    }),
  ];

  const scripting: ScopesScripting = {
    state: () => state.snapshot(),
    setPanel: (open) => state.setPanel(open),
    setScope: (kind, on) => state.setScope(kind, on),
    setProbe: (on) => state.setProbe(on),
    setGuides: (next) => state.setGuides(next),
    read: (kinds = SCOPE_KINDS) => {
      for (const kind of kinds) {
        if (!SCOPE_KINDS.includes(kind)) throw new Error(`Unknown scope "${String(kind)}".`);
      }
      const result = scopes?.update(kinds as ScopeKind[]) ?? null;
      const sample = scopes?.readLastSample() ?? null;
      if (!result || !sample) return null;
      const counts: ScopeReadout['counts'] = {};
      for (const [kind, value] of Object.entries(result.counts)) {
        counts[kind as ScopeKind] = {
          columns: value.columns,
          rows: value.rows,
          data: Array.from(value.data),
        };
      }
      return { sample: sampleJson(sample), path: result.path, counts };
    },
    probe: (x, y) => readAt(x, y),
    stats: () => scheduler.stats(),
  };
  context.scripting.scopes = scripting;

  return () => {
    context.scripting.scopes = null;
    for (const cleanup of cleanups) cleanup();
    window.clearInterval(watchPicture);
    probeFrame.cancel();
    stage.removeEventListener('pointermove', onPointerMove);
    stage.removeEventListener('pointerleave', onPointerLeave);
    stage.classList.remove('rs-stage--probe');
    context.pointer.probe = false;
    resizeObserver?.disconnect();
    scheduler.dispose();
    scopes?.dispose();
    reader?.dispose();
    guides.dispose();
    readout.dispose();
    panel.dispose();
    headerButton.remove();
    state.removeAllListeners();
  };
}

/** Runs `callback` once on the next animation frame however often it is requested. */
class FrameRequest {
  private handle = 0;
  constructor(private readonly callback: () => void) {}
  request(): void {
    if (this.handle) return;
    this.handle = requestAnimationFrame(() => {
      this.handle = 0;
      this.callback();
    });
  }
  cancel(): void {
    if (this.handle) cancelAnimationFrame(this.handle);
    this.handle = 0;
  }
}
