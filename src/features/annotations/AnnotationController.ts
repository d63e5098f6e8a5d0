// Wires the annotation feature together: the document, room sync and live strokes, the overlay's
// pointer input (gestures in AnnotationGestures), the toolbar, the text box and the keyboard
// shortcuts. Drawing always works:
// alone or with annotation sync off it stays on this screen (local mode); in a room with
// annotation sync on it is shared, and the local drawings come back after leaving.
import type { Playback } from '../../core/playback/Playback';
import type { NetworkSyncManager } from '../../network/NetworkSyncManager';
import { randomString } from '../../protocol/index';
import type { Toasts } from '../../ui/components/Toasts';
import type { KeyBindings } from '../../utils/KeyBindings';
import { canModify } from './AnnotationDocument';
import { AnnotationGestures, type DrawingStyle } from './AnnotationGestures';
import { AnnotationOverlay, type OverlayContent, type OverlayViewer } from './AnnotationOverlay';
import { AnnotationModel } from './AnnotationModel';
import { AnnotationToolbar, MAX_WIDTH, MIN_WIDTH } from './AnnotationToolbar';
import { TextEntry } from './TextEntry';
import { mediaKey, showsMedia } from './mediaKey';
import { shownNeighbours } from './hold';
import { loadToolPrefs, saveToolPrefs } from './toolPrefs';
import type { AnnotationTool } from './types';

export const ANNOTATION_TEXTS = {
  local: 'Only on this screen',
  localInRoom: 'Only on this screen: annotation sync is off (network panel)',
  shared: 'Shared with the room',
  sharedEditOthers: 'Shared with the room; you may also erase others’ work',
  viewer: 'Viewers cannot draw in this room',
  /** D (or the toggle) as a viewer: why nothing happens and what to do. */
  viewerDraw:
    'You are a viewer: you cannot draw in this room. Ask the host to make you a participant.',
  syncTurnedOn: 'Annotation sync is on: the room sees your drawings and you see theirs.',
  keepPrivate: 'Keep mine private',
  ownOnly: 'You can erase and clear only your own annotations in this room.',
  refused: 'The room did not accept an annotation change; the room’s version is shown.',
} as const;

export interface AnnotationDeps {
  stage: HTMLElement;
  slot: HTMLElement;
  /** Where the drawing palette goes: the chrome between the header and the picture. */
  strip: HTMLElement;
  session: Pick<Playback, 'currentFrame' | 'isPlaying' | 'pause' | 'on' | 'media'>;
  /** The frame whose picture is on screen (annotations are drawn over that picture). */
  displayedFrame?: () => number | null;
  viewer: OverlayViewer;
  network: NetworkSyncManager;
  keyBindings: KeyBindings;
  toasts: Pick<Toasts, 'show'>;
}

interface ToolState extends DrawingStyle {
  active: boolean;
  ghosting: boolean;
  /** RV's Hold: each drawing also shows on the next `hold` frames (0: off). */
  hold: number;
}

export class AnnotationController {
  readonly annotations: AnnotationModel;
  readonly overlay: AnnotationOverlay;
  readonly toolbar: AnnotationToolbar;
  private readonly gestures: AnnotationGestures;
  private readonly text: TextEntry;
  private readonly cleanups: Array<() => void> = [];
  private readonly state: ToolState = { active: false, ...loadToolPrefs() };
  private readonly idPrefix = randomString(6).replace(/[^A-Za-z0-9]/g, 'x');
  private idCounter = 0;
  /** Rooms where annotation sync was switched on for the user, or the user kept it off. */
  private readonly askedRooms = new Set<string>();
  private ownOnlyShown = false;
  private wasShared = false;

  constructor(private readonly deps: AnnotationDeps) {
    const { network } = deps;
    this.annotations = new AnnotationModel(network);
    this.text = new TextEntry(deps.stage);
    this.gestures = new AnnotationGestures({
      annotations: this.annotations,
      text: this.text,
      style: () => this.state,
      frame: () => this.frame(),
      imagePerScreenPx: () => this.overlay.imagePerScreenPx(),
      pausePlayback: () => {
        if (deps.session.isPlaying) deps.session.pause();
      },
      sendLiveStroke: (stroke) => {
        if (this.annotations.isShared) network.sendLiveStroke(stroke);
      },
      refusedOthers: () => this.hintOwnOnly(),
      newId: (author) => this.newId(author),
    });
    this.overlay = new AnnotationOverlay(
      deps.stage,
      deps.viewer,
      this.content(),
      {
        down: (sample) => {
          if (!this.state.active || !this.annotations.canDraw()) return;
          if (this.offShot()) {
            this.hintOffShot();
            return;
          }
          this.gestures.down(sample);
        },
        move: (samples) => this.gestures.move(samples),
        up: (sample) => this.gestures.up(sample),
        cancel: () => this.gestures.cancel(),
      },
      () => this.tick(),
    );
    this.toolbar = new AnnotationToolbar(deps.slot, deps.strip);
    this.cleanups.push(
      this.toolbar.on('toggle', () => this.setActive(!this.state.active)),
      this.toolbar.on('tool', (tool) => this.setTool(tool)),
      this.toolbar.on('color', (color) => this.update({ color })),
      this.toolbar.on('width', (width) =>
        this.update({ width: Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.round(width))) }),
      ),
      this.toolbar.on('ghosting', (ghosting) => this.update({ ghosting })),
      this.toolbar.on('hold', (hold) => this.update({ hold })),
      this.toolbar.on('undo', () => this.undo()),
      this.toolbar.on('redo', () => this.redo()),
      this.toolbar.on('clear', () => this.clearFrame()),
      this.annotations.doc.on('changed', () => this.renderToolbar()),
      this.annotations.on('modeChanged', () => this.modeChanged()),
      this.annotations.on('refused', (reason) =>
        this.deps.toasts.show(reason ?? ANNOTATION_TEXTS.refused, { kind: 'warning' }),
      ),
      deps.session.on('mediaChanged', (info) => this.annotations.setMediaKey(mediaKey(info))),
      deps.session.on('frameChanged', () => {
        if (this.state.active) this.renderToolbar();
      }),
    );
    const media = deps.session.media?.info;
    if (media) this.annotations.setMediaKey(mediaKey(media));
    this.registerKeys();
    this.modeChanged();
  }

  get isActive(): boolean {
    return this.state.active;
  }

  setActive(active: boolean): void {
    if (active && !this.annotations.canDraw()) {
      this.deps.toasts.show(ANNOTATION_TEXTS.viewerDraw, { kind: 'info' });
      return;
    }
    if (active) this.offerSync();
    this.state.active = active;
    if (!active) {
      this.gestures.cancel();
      this.text.close();
    }
    this.overlay.setInteractive(active);
    this.overlay.setCursor(this.cursor());
    this.renderToolbar();
  }

  setTool(tool: AnnotationTool): void {
    this.text.close();
    this.update({ tool });
    this.overlay.setCursor(this.cursor());
  }

  undo(): void {
    this.annotations.undo();
  }

  redo(): void {
    this.annotations.redo();
  }

  clearFrame(): void {
    const actor = this.annotations.actor();
    const onFrame = this.annotations.doc.forFrame(this.frame());
    if (onFrame.some((item) => !canModify(item, actor))) this.hintOwnOnly();
    this.annotations.clearFrame(this.frame());
  }

  dispose(): void {
    this.gestures.dispose();
    this.text.close();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.annotations.dispose();
    this.overlay.dispose();
    this.toolbar.dispose();
  }

  // ── mode and permissions ────────────────────────────────────────────────────────────────

  /**
   * The room, the role, the connection or the sync settings changed. A gesture in progress is
   * dropped only when drawings switch between local and shared (it belongs to the other set).
   */
  private modeChanged(): void {
    if (this.annotations.isShared !== this.wasShared) {
      this.wasShared = this.annotations.isShared;
      this.gestures.cancel();
      this.text.cancel();
    }
    if (this.state.active && !this.annotations.canDraw()) this.setActive(false);
    this.renderToolbar();
  }

  /**
   * Starting to draw in a room with annotation sync off: someone drawing in a review room
   * means to show it, and would otherwise not see the others' drawings either. Sync is switched
   * on once per room, with a toast that can switch it back off (then it stays off here).
   */
  private offerSync(): void {
    const { network } = this.deps;
    const room = network.roomCode;
    if (room === null || network.settings.annotations || !network.canEdit) return;
    if (this.askedRooms.has(room)) return;
    this.askedRooms.add(room);
    network.setSettings({ annotations: true });
    this.deps.toasts.show(ANNOTATION_TEXTS.syncTurnedOn, {
      kind: 'info',
      durationMs: 8000,
      action: {
        label: ANNOTATION_TEXTS.keepPrivate,
        run: () => network.setSettings({ annotations: false }),
      },
    });
  }

  private modeText(): string {
    const { annotations } = this;
    if (!annotations.canDraw()) return ANNOTATION_TEXTS.viewer;
    if (!annotations.inRoom) return ANNOTATION_TEXTS.local;
    if (!annotations.isShared) return ANNOTATION_TEXTS.localInRoom;
    return annotations.actor().canEditOthers
      ? ANNOTATION_TEXTS.sharedEditOthers
      : ANNOTATION_TEXTS.shared;
  }

  // ── frames and ids ──────────────────────────────────────────────────────────────────────

  private frame(): number {
    return Math.round(this.deps.displayedFrame?.() ?? this.deps.session.currentFrame);
  }

  private newId(author: string): string {
    this.idCounter++;
    return `${author}-${this.idPrefix}-${this.idCounter.toString(36)}`;
  }

  private hintOwnOnly(): void {
    if (this.ownOnlyShown) return;
    this.ownOnlyShown = true;
    this.deps.toasts.show(ANNOTATION_TEXTS.ownOnly, { kind: 'info' });
  }

  // ── view ────────────────────────────────────────────────────────────────────────────────

  /**
   * The room's drawings belong to the room's shot: while this page shows other media (e.g. the
   * demo clip after a reload) they are not drawn over it, and nobody draws on the wrong picture.
   */
  private offShot(): boolean {
    const info = this.deps.session.media?.info;
    return this.annotations.isShared && !showsMedia(info, this.deps.network.roomMedia);
  }

  private hintOffShot(): void {
    const name = this.deps.network.roomMedia?.name ?? 'the room’s shot';
    this.deps.toasts.show(
      `Drawings belong to the room’s shot: open “${name}” to see and add them.`,
      { kind: 'info' },
    );
  }

  private tick(): void {
    this.annotations.tick();
  }

  private content(): OverlayContent {
    return {
      revision: () =>
        [
          this.annotations.doc.revision,
          this.annotations.remote.revision,
          this.gestures.revision,
          this.frame(),
          this.state.ghosting,
          this.state.hold,
          this.offShot(),
        ].join(':'),
      frame: () => this.frame(),
      annotations: (frame) => {
        if (this.offShot()) return [];
        const hidden = this.gestures.erasingIds;
        const list = this.annotations.doc.forFrame(frame);
        return hidden && hidden.size > 0 ? list.filter((item) => !hidden.has(item.id)) : list;
      },
      ghosts: () => shownNeighbours(this.frame(), this.state.ghosting, this.state.hold),
      draft: () => this.gestures.draftMark(),
      live: (frame) =>
        (this.offShot() ? [] : this.annotations.remote.onFrame(frame))
          .filter((stroke) => !this.annotations.doc.get(stroke.strokeId))
          .map((stroke) => {
            const user = this.deps.network.users.find((u) => u.userId === stroke.userId);
            return {
              mark: stroke,
              author: { name: user?.displayName || 'Someone', color: user?.color ?? stroke.color },
            };
          }),
    };
  }

  private update(patch: Partial<ToolState>): void {
    Object.assign(this.state, patch);
    const { tool, color, width, ghosting, hold } = this.state;
    saveToolPrefs({ tool, color, width, ghosting, hold });
    this.gestures.invalidate();
    this.renderToolbar();
  }

  private cursor(): string {
    if (this.state.tool === 'text') return 'text';
    return 'crosshair';
  }

  private renderToolbar(): void {
    const { doc } = this.annotations;
    const actor = this.annotations.actor();
    this.toolbar.render({
      ...this.state,
      canDraw: this.annotations.canDraw(),
      reason: ANNOTATION_TEXTS.viewer,
      canUndo: doc.canUndo(actor.userId),
      canRedo: doc.canRedo(actor.userId),
      canClear: doc.forFrame(this.frame()).some((item) => canModify(item, actor)),
      mode: this.modeText(),
    });
  }

  private registerKeys(): void {
    const { keyBindings } = this.deps;
    this.cleanups.push(
      keyBindings.register({
        id: 'annotate.toggle',
        keys: ['D'],
        group: 'Annotations',
        description: 'Drawing mode on / off',
        handler: () => this.setActive(!this.state.active),
      }),
      keyBindings.register({
        id: 'annotate.undo',
        keys: ['Mod+Z'],
        group: 'Annotations',
        description: 'Undo my last annotation change',
        handler: (event) => {
          event.preventDefault();
          this.undo();
        },
      }),
      keyBindings.register({
        id: 'annotate.redo',
        keys: ['Shift+Mod+Z', 'Mod+Y'],
        group: 'Annotations',
        description: 'Redo my annotation change',
        handler: (event) => {
          event.preventDefault();
          this.redo();
        },
      }),
    );
  }
}
