// The header: open-media button and media name on the left; on the right the utility group
// (color panel, channel selector, a slot for the network control, Help).
import { ACCEPTED_FILE_TYPES } from '../../core/media/openMedia';
import { formatRate } from '../../core/media/timecode';
import type { MediaInfo } from '../../core/media/types';
import { EventEmitter } from '../../utils/EventEmitter';
import { button, el, iconButton, inputOfType, listen } from './shared/dom';
import { iconSvg, setIcon } from './shared/Icons';
import '../styles/header.css';

export type HeaderBarEvents = {
  /** The user picked files in the file dialog. */
  filesChosen: File[];
  helpRequested: void;
};

export class HeaderBar extends EventEmitter<HeaderBarEvents> {
  readonly element: HTMLElement;
  /** Right-hand utility group (data-testid="header-utility"). */
  readonly utility: HTMLElement;
  /** Where the color panel toggle goes. */
  readonly colorSlot: HTMLElement;
  /** Where the channel selector goes. */
  readonly channelSlot: HTMLElement;
  /** Where the network control goes (before Help); empty until the collaboration UI mounts. */
  readonly networkSlot: HTMLElement;
  /** Review tools: the annotation toolbar toggle. */
  readonly annotateSlot: HTMLElement;
  /** Review tools: the notes panel toggle. */
  readonly notesSlot: HTMLElement;
  /** The room library panel toggle. */
  readonly librarySlot: HTMLElement;
  /** The room playlist panel toggle. */
  readonly playlistSlot: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly mediaName: HTMLElement;
  private readonly cleanups: Array<() => void> = [];

  constructor(container: HTMLElement) {
    super();
    const openButton = button({
      className: 'rs-button rs-header__open',
      testId: 'open-media-button',
      title: 'Open video, image or image sequence (Ctrl+O)',
    });
    openButton.innerHTML = `${iconSvg('open')}<span>Open media</span>`;

    this.input = inputOfType('file', {
      className: 'rs-visually-hidden',
      testId: 'media-input',
      attrs: { 'aria-hidden': 'true', tabindex: '-1' },
    });
    this.input.multiple = true;
    this.input.accept = `video/*,image/png,image/jpeg,${ACCEPTED_FILE_TYPES}`;

    this.mediaName = el('span', { className: 'rs-header__media-name', testId: 'media-name' });

    this.colorSlot = el('div', { className: 'rs-header__slot', attrs: { 'data-slot': 'color' } });
    this.channelSlot = el('div', {
      className: 'rs-header__slot',
      attrs: { 'data-slot': 'channel' },
    });
    this.networkSlot = el('div', {
      className: 'rs-header__slot',
      testId: 'network-slot',
      attrs: { 'data-slot': 'network' },
    });
    this.annotateSlot = el('div', {
      className: 'rs-header__slot',
      attrs: { 'data-slot': 'annotate' },
    });
    this.notesSlot = el('div', { className: 'rs-header__slot', attrs: { 'data-slot': 'notes' } });
    this.librarySlot = el('div', {
      className: 'rs-header__slot',
      attrs: { 'data-slot': 'library' },
    });
    this.playlistSlot = el('div', {
      className: 'rs-header__slot',
      attrs: { 'data-slot': 'playlist' },
    });
    const helpButton = iconButton('Keyboard shortcuts (?)', { testId: 'help-button' });
    setIcon(helpButton, 'help');

    this.utility = el('div', { className: 'rs-header__utility', testId: 'header-utility' }, [
      this.annotateSlot,
      this.notesSlot,
      this.librarySlot,
      this.playlistSlot,
      this.colorSlot,
      this.channelSlot,
      this.networkSlot,
      helpButton,
    ]);

    this.element = el('header', { className: 'rs-header', testId: 'header-bar' }, [
      el('div', { className: 'rs-header__left' }, [
        el('span', { className: 'rs-header__brand', text: 'ReelSync' }),
        openButton,
        this.input,
        this.mediaName,
      ]),
      this.utility,
    ]);
    container.append(this.element);

    this.cleanups.push(
      listen(openButton, 'click', () => this.openPicker()),
      listen(helpButton, 'click', () => this.emit('helpRequested', undefined)),
      listen(this.input, 'change', () => {
        const files = [...(this.input.files ?? [])];
        // Reset so choosing the same file again still fires 'change'.
        this.input.value = '';
        if (files.length > 0) this.emit('filesChosen', files);
      }),
    );
  }

  /** Opens the system file dialog. */
  openPicker(): void {
    this.input.click();
  }

  /** The media's name, its size, rate and frames in the tooltip ('No media' without). */
  showMedia(info: MediaInfo | null): void {
    if (!info) {
      this.setMediaName('No media');
      return;
    }
    const missing = (info.missingFrames ?? []).reduce((n, gap) => n + gap.end - gap.start + 1, 0);
    const detail = `${info.width}×${info.height}, ${formatRate(info.fps)} fps, frames ${info.frameStart}–${info.frameEnd}${missing > 0 ? `, ${missing} missing` : ''}`;
    this.setMediaName(info.name, detail);
  }

  setMediaName(name: string, detail = ''): void {
    this.mediaName.textContent = name;
    this.mediaName.title = detail ? `${name} — ${detail}` : name;
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.element.remove();
    this.removeAllListeners();
  }
}
