// The audio review panel in the side column: which sound plays, the slip of the media's own
// sound, the attached soundtrack and its offset (frames or ms), load progress and messages.
import { SOUNDTRACK_ACCEPT } from '../../core/audio/soundtrack';
import { button, el, inputOfType, listen } from '../../ui/components/shared/dom';
import { formatOffset, type OffsetUnit } from './model';
import './audio.css';

export interface AudioPanelState {
  mediaName: string | null;
  fps: number;
  hasOwnSound: boolean;
  slipMs: number;
  soundtrack: { name: string; offsetMs: number } | null;
  /** Soundtrack download/decoding: 0–1, or null when not loading. */
  progress: number | null;
  /** The Audio sync category sends (changes go to the room). */
  syncing: boolean;
  message: { kind: 'error' | 'notice'; text: string } | null;
}

export interface AudioPanelActions {
  setSlip(text: string, unit: OffsetUnit): void;
  setSoundtrackOffset(text: string, unit: OffsetUnit): void;
  attach(file: File): void;
  removeSoundtrack(): void;
}

export class AudioPanel {
  readonly element = el('section', { className: 'rs-audio', testId: 'audio-panel' });
  private readonly source = el('p', { className: 'rs-audio__source', testId: 'audio-source' });
  private readonly unit = el('select', { testId: 'audio-offset-unit' });
  private readonly slip = inputOfType('text', {
    className: 'rs-audio__offset',
    testId: 'audio-slip',
  });
  private readonly name = el('span', {
    className: 'rs-audio__name',
    testId: 'audio-soundtrack-name',
  });
  private readonly offset = inputOfType('text', {
    className: 'rs-audio__offset',
    testId: 'audio-soundtrack-offset',
  });
  private readonly file = inputOfType('file', {
    className: 'rs-audio__file',
    testId: 'audio-soundtrack-input',
  });
  private readonly attach = button({
    text: 'Attach soundtrack…',
    testId: 'audio-soundtrack-attach',
  });
  private readonly remove = button({ text: 'Remove', testId: 'audio-soundtrack-remove' });
  private readonly offsetRow: HTMLElement;
  private readonly progress = el('progress', {
    className: 'rs-audio__progress',
    testId: 'audio-progress',
  });
  private readonly message = el('p', { className: 'rs-audio__message', testId: 'audio-message' });
  private readonly hint = el('p', { className: 'rs-audio__hint', testId: 'audio-sync-hint' });
  private readonly cleanups: Array<() => void>;
  private state: AudioPanelState | null = null;

  constructor(actions: AudioPanelActions) {
    for (const unit of ['frames', 'ms'] as const)
      this.unit.append(el('option', { text: unit, attrs: { value: unit } }));
    this.file.accept = SOUNDTRACK_ACCEPT;
    this.progress.max = 1;
    const label = (text: string, input: HTMLElement) => {
      const id = `rs-audio-${text.replace(/\W+/g, '-').toLowerCase()}`;
      input.id = id;
      return el('label', { text, attrs: { for: id } });
    };
    this.offsetRow = el('div', { className: 'rs-audio__row' }, [
      label('Offset', this.offset),
      this.offset,
    ]);
    this.element.append(
      el('h2', { className: 'rs-audio__title', text: 'Audio' }),
      this.source,
      el('div', { className: 'rs-audio__row' }, [label('Offsets in', this.unit), this.unit]),
      el('div', { className: 'rs-audio__row' }, [label('Slip', this.slip), this.slip]),
      el('div', { className: 'rs-audio__row' }, [this.name, this.attach, this.remove, this.file]),
      this.offsetRow,
      this.progress,
      this.message,
      this.hint,
    );
    const unit = () => this.unit.value as OffsetUnit;
    const onEnter = (input: HTMLInputElement, apply: () => void) => [
      listen(input, 'change', apply),
      listen(input, 'keydown', (event) => {
        // The player's shortcuts must not fire while typing an offset.
        event.stopPropagation();
        if (event.key === 'Enter') input.blur();
      }),
    ];
    this.cleanups = [
      ...onEnter(this.slip, () => actions.setSlip(this.slip.value, unit())),
      ...onEnter(this.offset, () => actions.setSoundtrackOffset(this.offset.value, unit())),
      listen(this.unit, 'change', () => this.state && this.render(this.state)),
      listen(this.attach, 'click', () => this.file.click()),
      listen(this.remove, 'click', () => actions.removeSoundtrack()),
      listen(this.file, 'change', () => {
        const chosen = this.file.files?.[0];
        this.file.value = '';
        if (chosen) actions.attach(chosen);
      }),
    ];
  }

  render(state: AudioPanelState): void {
    this.state = state;
    const unit = this.unit.value as OffsetUnit;
    const media = state.mediaName;
    this.source.textContent = !media
      ? 'No media open.'
      : state.soundtrack
        ? `Playing the soundtrack ${state.soundtrack.name} with ${media}.`
        : state.hasOwnSound
          ? `Playing the sound of ${media}.`
          : `${media} has no sound: attach a soundtrack to hear one.`;
    if (document.activeElement !== this.slip)
      this.slip.value = formatOffset(state.slipMs, unit, state.fps);
    this.slip.disabled = !media || !state.hasOwnSound;
    this.name.textContent = state.soundtrack ? state.soundtrack.name : 'No soundtrack';
    this.attach.disabled = !media;
    this.remove.hidden = !state.soundtrack;
    this.offsetRow.hidden = !state.soundtrack;
    if (state.soundtrack && document.activeElement !== this.offset)
      this.offset.value = formatOffset(state.soundtrack.offsetMs, unit, state.fps);
    this.progress.hidden = state.progress === null;
    if (state.progress !== null) this.progress.value = state.progress;
    this.message.hidden = !state.message;
    this.message.textContent = state.message?.text ?? '';
    if (state.message) this.message.dataset.kind = state.message.kind;
    this.hint.textContent = state.syncing
      ? 'Audio sync is on: slips and soundtracks are shared with the room.'
      : 'Audio sync is off or you are not in a room: these settings stay on this page.';
  }

  dispose(): void {
    for (const cleanup of this.cleanups) cleanup();
    this.element.remove();
  }
}
