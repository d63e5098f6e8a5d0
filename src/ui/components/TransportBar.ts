// Transport controls: go to start/end, step, play/pause, direction, loop mode, speed, volume, the
// zoom readout and the full-screen button.
import type { LoopMode, PlayDirection, Playback } from '../../core/playback/Playback';
import { button, el, iconButton, inputOfType, listen } from './shared/dom';
import { setIcon, type IconName } from './shared/Icons';
import type { Viewer } from './Viewer';
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

/** '100%', '43%', '1600%': the viewer's zoom (screen pixels per image pixel) as a percentage. */
export function formatZoom(zoom: number): string {
  const percent = zoom * 100;
  return `${percent < 10 ? Number(percent.toFixed(1)) : Math.round(percent)}%`;
}

/** What the view controls act on (absent: the bar shows only the playback controls). */
export interface TransportViewOptions {
  viewer: Viewer;
  /** The element shown full screen (the app, so the controls stay reachable). */
  fullscreenTarget: HTMLElement;
  /** Tells the user why full screen was refused. */
  notify(message: string): void;
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
  private readonly zoomReadout: HTMLButtonElement;
  private readonly fullscreenButton: HTMLButtonElement;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    container: HTMLElement,
    private readonly session: Playback,
    private readonly view: TransportViewOptions | null = null,
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

    this.zoomReadout = button({
      className: 'rs-button rs-transport__zoom',
      testId: 'zoom-readout',
      title: 'Zoom (click or F: fit; 1: actual size; +/-: zoom)',
    });
    this.fullscreenButton = this.button('Full screen (Shift+F)', 'fullscreen-button', 'fullscreen');
    this.zoomReadout.hidden = view === null;
    this.fullscreenButton.hidden = view === null;

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
      el('div', { className: 'rs-transport__group' }, [this.zoomReadout, this.fullscreenButton]),
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
    if (view) {
      this.cleanups.push(
        listen(this.zoomReadout, 'click', () => view.viewer.fit()),
        listen(this.fullscreenButton, 'click', () => void this.toggleFullscreen()),
        view.viewer.on('zoomChanged', () => this.updateZoom()),
        view.viewer.on('fitZoomChanged', () => this.updateZoom()),
      );
      const onFullscreen = (): void => this.updateFullscreen();
      document.addEventListener('fullscreenchange', onFullscreen);
      this.cleanups.push(() => document.removeEventListener('fullscreenchange', onFullscreen));
    }
    this.updateZoom();
    this.updateFullscreen();
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

  /** True while the app is shown full screen. */
  get isFullscreen(): boolean {
    const target = this.view?.fullscreenTarget;
    return target !== undefined && document.fullscreenElement === target;
  }

  /** Enters or leaves full screen; a refusal is told through `notify`, with what to do. */
  async toggleFullscreen(): Promise<void> {
    const view = this.view;
    if (!view) return;
    try {
      if (document.fullscreenElement) {
        await document.exitFullscreen();
        return;
      }
      if (!document.fullscreenEnabled) {
        view.notify(
          'Full screen is not allowed on this page (an embedding frame may forbid it). Open ReelSync in its own tab, or use the browser’s own full screen (F11).',
        );
        return;
      }
      await view.fullscreenTarget.requestFullscreen();
    } catch (error) {
      const reason = error instanceof Error ? ` (${error.message})` : '';
      view.notify(
        `The browser refused full screen${reason}. Click the full-screen button or press Shift+F again, or use the browser’s own full screen (F11).`,
      );
    }
  }

  private updateZoom(): void {
    const viewer = this.view?.viewer;
    if (!viewer) return;
    this.zoomReadout.textContent = formatZoom(viewer.zoom);
    const fitted = viewer.viewState.fit;
    this.zoomReadout.dataset.fit = String(fitted);
    this.zoomReadout.setAttribute(
      'aria-label',
      `Zoom ${formatZoom(viewer.zoom)}${fitted ? ', fitted to the window' : ''} (click to fit)`,
    );
  }

  private updateFullscreen(): void {
    const active = this.isFullscreen;
    setIcon(this.fullscreenButton, active ? 'fullscreenExit' : 'fullscreen');
    const label = active ? 'Exit full screen (Shift+F or Esc)' : 'Full screen (Shift+F)';
    this.fullscreenButton.title = label;
    this.fullscreenButton.setAttribute('aria-label', label);
    this.fullscreenButton.setAttribute('aria-pressed', String(active));
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
