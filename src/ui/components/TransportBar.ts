// Transport controls: go to start/end, step, play/pause, direction, loop mode, speed and volume.
import type { LoopMode, PlayDirection, Playback } from '../../core/playback/Playback';
import { button, el, iconButton, inputOfType, listen } from './shared/dom';
import { setIcon, type IconName } from './shared/Icons';
import '../styles/transport.css';

/** Speed presets offered in the selector (and stepped through with Up/Down). */
export const SPEED_PRESETS = [0.25, 0.5, 1, 2, 4, 8] as const;

const LOOP_LABELS: Record<LoopMode, { label: string; icon: IconName }> = {
  loop: { label: 'Loop', icon: 'loop' },
  once: { label: 'Play once', icon: 'once' },
  pingpong: { label: 'Ping-pong', icon: 'pingpong' },
};
const CUSTOM = 'custom';

/** '1×', '0.25×', '1.5×'. */
export function formatSpeed(speed: number): string {
  return `${Number(speed.toFixed(3))}×`;
}

/** The next preset above (+1) or below (-1) the current speed, or the speed itself at the ends. */
export function nextSpeedPreset(speed: number, step: 1 | -1): number {
  if (step > 0) return SPEED_PRESETS.find((preset) => preset > speed + 1e-9) ?? speed;
  return [...SPEED_PRESETS].reverse().find((preset) => preset < speed - 1e-9) ?? speed;
}

export class TransportBar {
  readonly element: HTMLElement;
  private readonly playButton: HTMLButtonElement;
  private readonly reverseButton: HTMLButtonElement;
  private readonly loopButton: HTMLButtonElement;
  private readonly loopLabel: HTMLElement;
  private readonly speedSelect: HTMLSelectElement;
  private readonly customSpeed: HTMLInputElement;
  private readonly muteButton: HTMLButtonElement;
  private readonly volumeSlider: HTMLInputElement;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    container: HTMLElement,
    private readonly session: Playback,
  ) {
    const start = this.button('Go to in point (Home)', 'go-to-start-button', 'goToStart');
    const back = this.button('Step back (←)', 'step-back-button', 'stepBack');
    this.playButton = this.button('Play (Space)', 'play-button', 'play');
    this.playButton.classList.add('rs-transport__play');
    const forward = this.button('Step forward (→)', 'step-forward-button', 'stepForward');
    const end = this.button('Go to out point (End)', 'go-to-end-button', 'goToEnd');
    this.reverseButton = this.button('Play direction', 'reverse-button', 'directionForward');

    this.loopButton = button({
      className: 'rs-button rs-transport__loop',
      testId: 'loop-mode-button',
    });
    this.loopLabel = el('span', { className: 'rs-transport__loop-label' });

    this.speedSelect = el('select', {
      className: 'rs-select',
      testId: 'speed-select',
      title: 'Playback speed (↑/↓)',
      attrs: { 'aria-label': 'Playback speed' },
    });
    this.customSpeed = inputOfType('number', {
      className: 'rs-input rs-transport__custom-speed',
      testId: 'speed-custom-input',
      attrs: { 'aria-label': 'Custom speed', min: '0.05', max: '16', step: '0.05', hidden: '' },
    });

    this.muteButton = this.button('Mute (M)', 'mute-button', 'volume');
    this.volumeSlider = inputOfType('range', {
      className: 'rs-transport__volume',
      testId: 'volume-slider',
      attrs: { 'aria-label': 'Volume', min: '0', max: '1', step: '0.01' },
    });

    this.element = el('div', { className: 'rs-transport', testId: 'transport-bar' }, [
      el('div', { className: 'rs-transport__group' }, [start, back, this.playButton, forward, end]),
      el('div', { className: 'rs-transport__group' }, [
        this.reverseButton,
        this.loopButton,
        this.speedSelect,
        this.customSpeed,
      ]),
      el('div', { className: 'rs-transport__group rs-transport__group--end' }, [
        this.muteButton,
        this.volumeSlider,
      ]),
    ]);
    container.append(this.element);

    this.cleanups.push(
      listen(start, 'click', () => session.goToStart()),
      listen(back, 'click', () => session.step(-1)),
      listen(this.playButton, 'click', () => session.togglePlayback()),
      listen(forward, 'click', () => session.step(1)),
      listen(end, 'click', () => session.goToEnd()),
      listen(this.reverseButton, 'click', () => session.toggleDirection()),
      listen(this.loopButton, 'click', () => session.cycleLoopMode()),
      listen(this.speedSelect, 'change', this.onSpeedSelect),
      listen(this.customSpeed, 'change', this.onCustomSpeed),
      listen(this.customSpeed, 'blur', () => {
        this.customSpeed.hidden = true;
      }),
      listen(this.muteButton, 'click', () => session.toggleMute()),
      listen(this.volumeSlider, 'input', () => {
        session.setVolume(Number(this.volumeSlider.value));
        if (session.muted && Number(this.volumeSlider.value) > 0) session.setMuted(false);
      }),
      session.on('playbackChanged', () => this.updatePlaying()),
      session.on('playDirectionChanged', () => this.updateDirection()),
      session.on('loopModeChanged', () => this.updateLoopMode()),
      session.on('playbackSpeedChanged', () => this.updateSpeed()),
      session.on('volumeChanged', () => this.updateVolume()),
      session.on('mutedChanged', () => this.updateVolume()),
    );
    this.updatePlaying();
    this.updateDirection();
    this.updateLoopMode();
    this.updateSpeed();
    this.updateVolume();
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.element.remove();
  }

  private button(label: string, testId: string, icon: IconName): HTMLButtonElement {
    const button = iconButton(label, { testId });
    setIcon(button, icon);
    return button;
  }

  private updatePlaying(): void {
    const playing = this.session.isPlaying;
    setIcon(this.playButton, playing ? 'pause' : 'play');
    const label = playing ? 'Pause (Space)' : 'Play (Space)';
    this.playButton.setAttribute('aria-label', label);
    this.playButton.title = label;
    this.playButton.setAttribute('aria-pressed', String(playing));
    this.playButton.dataset.state = playing ? 'playing' : 'paused';
  }

  private updateDirection(): void {
    const direction: PlayDirection = this.session.direction;
    const reverse = direction === -1;
    setIcon(this.reverseButton, reverse ? 'directionReverse' : 'directionForward');
    const label = reverse
      ? 'Direction: reverse (click for forward)'
      : 'Direction: forward (click for reverse)';
    this.reverseButton.title = label;
    this.reverseButton.setAttribute('aria-label', label);
    this.reverseButton.setAttribute('aria-pressed', String(reverse));
    this.reverseButton.dataset.direction = reverse ? 'reverse' : 'forward';
  }

  private updateLoopMode(): void {
    const mode: LoopMode = this.session.loopMode;
    const { label, icon } = LOOP_LABELS[mode];
    setIcon(this.loopButton, icon);
    this.loopLabel.textContent = label;
    this.loopButton.append(this.loopLabel);
    this.loopButton.title = `Loop mode: ${label} (click to change)`;
    this.loopButton.setAttribute('aria-label', `Loop mode: ${label}`);
    this.loopButton.dataset.mode = mode;
  }

  private updateSpeed(): void {
    const speed = this.session.speed;
    const options: Array<{ value: string; label: string }> = SPEED_PRESETS.map((preset) => ({
      value: String(preset),
      label: formatSpeed(preset),
    }));
    const isPreset = SPEED_PRESETS.some((preset) => Math.abs(preset - speed) < 1e-9);
    // A speed set elsewhere (custom entry, a script, a remote user) shows as its own option.
    if (!isPreset) options.push({ value: String(speed), label: formatSpeed(speed) });
    options.sort((a, b) => Number(a.value) - Number(b.value));
    options.push({ value: CUSTOM, label: 'Custom…' });
    this.speedSelect.replaceChildren(
      ...options.map((option) =>
        el('option', { text: option.label, attrs: { value: option.value } }),
      ),
    );
    this.speedSelect.value = String(speed);
  }

  private updateVolume(): void {
    const muted = this.session.muted;
    this.volumeSlider.value = String(this.session.volume);
    setIcon(this.muteButton, muted || this.session.volume === 0 ? 'muted' : 'volume');
    const label = muted ? 'Unmute (M)' : 'Mute (M)';
    this.muteButton.title = label;
    this.muteButton.setAttribute('aria-label', label);
    this.muteButton.setAttribute('aria-pressed', String(muted));
    this.element.classList.toggle('rs-transport--muted', muted);
  }

  private readonly onSpeedSelect = (): void => {
    if (this.speedSelect.value === CUSTOM) {
      this.customSpeed.hidden = false;
      this.customSpeed.value = String(this.session.speed);
      this.customSpeed.focus();
      this.customSpeed.select();
      this.speedSelect.value = String(this.session.speed);
      return;
    }
    this.session.setSpeed(Number(this.speedSelect.value));
  };

  private readonly onCustomSpeed = (): void => {
    const value = Number(this.customSpeed.value);
    if (Number.isFinite(value) && value > 0) this.session.setSpeed(value);
    this.customSpeed.hidden = true;
    this.customSpeed.blur();
  };
}
