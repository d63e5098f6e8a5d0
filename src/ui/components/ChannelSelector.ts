// The channel selector: a compact <select> (RGB, R, G, B, A, luminance) bound both ways to the viewer.
import { CHANNEL_MODES, type ChannelMode } from '../../render/color';
import type { Viewer } from './Viewer';
import { el, listen } from './shared/dom';
import '../styles/color-panel.css';

const LABELS: Record<ChannelMode, string> = {
  rgb: 'RGB',
  red: 'Red',
  green: 'Green',
  blue: 'Blue',
  alpha: 'Alpha',
  luminance: 'Luma',
};

function isChannelMode(value: string): value is ChannelMode {
  return (CHANNEL_MODES as readonly string[]).includes(value);
}

export class ChannelSelector {
  /** Place this in the header's utility group. */
  readonly element: HTMLSelectElement;
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly viewer: Viewer) {
    this.element = el('select', {
      className: 'rs-select rs-channel-select',
      testId: 'channel-select',
      title: 'Channel (R, G, B, A, Y)',
      attrs: { 'aria-label': 'Channel' },
    });
    for (const mode of CHANNEL_MODES) {
      const option = el('option', { text: LABELS[mode] });
      option.value = mode;
      this.element.append(option);
    }
    this.sync(viewer.channel);
    this.cleanups.push(
      listen(this.element, 'change', () => {
        const value = this.element.value;
        if (isChannelMode(value)) this.viewer.setChannel(value);
      }),
      viewer.on('channelChanged', (mode) => this.sync(mode)),
    );
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.element.remove();
  }

  private sync(mode: ChannelMode): void {
    this.element.value = mode;
    this.element.classList.toggle('rs-channel-select--isolated', mode !== 'rgb');
  }
}
