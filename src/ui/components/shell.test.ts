// @vitest-environment happy-dom
// The UI shell's components against a real Playback (fake clock): what they show and what they do.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Playback } from '../../core/playback/Playback';
import { KeyBindings } from '../../utils/KeyBindings';
import { HeaderBar } from './HeaderBar';
import { HelpOverlay } from './HelpOverlay';
import { Timeline } from './Timeline';
import { Toasts } from './Toasts';
import { formatSpeed, nextSpeedPreset, TransportBar } from './TransportBar';

const clock = { time: 0, now: () => clock.time };
const byTestId = <T extends HTMLElement = HTMLElement>(root: ParentNode, id: string): T => {
  const found = root.querySelector<T>(`[data-testid="${id}"]`);
  if (!found) throw new Error(`no [data-testid="${id}"]`);
  return found;
};

afterEach(() => {
  document.body.replaceChildren();
  vi.useRealTimers();
});

describe('HeaderBar', () => {
  it('has the network slot before Help in the utility group, and reports chosen files', () => {
    const header = new HeaderBar(document.body);
    const utility = byTestId(document.body, 'header-utility');
    const children = [...utility.children];
    expect(children.indexOf(header.networkSlot)).toBe(children.length - 2);
    expect(children.at(-1)?.getAttribute('data-testid')).toBe('help-button');
    header.setMediaName('shot.mov', '1920×1080');
    expect(byTestId(document.body, 'media-name').textContent).toBe('shot.mov');

    const chosen = vi.fn();
    header.on('filesChosen', chosen);
    const input = byTestId<HTMLInputElement>(document.body, 'media-input');
    expect(input.accept).toContain('video/*');
    expect(input.multiple).toBe(true);
    const file = new File(['x'], 'a.png', { type: 'image/png' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
    expect(chosen).toHaveBeenCalledWith([file]);
    header.dispose();
    expect(document.body.children).toHaveLength(0);
  });
});

describe('Timeline', () => {
  it('shows the frame, timecode and in/out range of the session', () => {
    clock.time = 0;
    const session = new Playback({ clock });
    const timeline = new Timeline(document.body, session);
    expect(byTestId(document.body, 'current-frame').textContent).toBe('1');
    expect(byTestId(document.body, 'timecode').textContent).toBe('00:00:00:00');
    session.seek(49);
    expect(byTestId(document.body, 'current-frame').textContent).toBe('49');
    expect(byTestId(document.body, 'timecode').textContent).toBe('00:00:02:00');
    session.setInPoint(40);
    session.setOutPoint(60);
    expect(byTestId(document.body, 'in-out-readout').textContent).toBe('In 40 · Out 60');
    expect(timeline.element.classList.contains('rs-timeline--trimmed')).toBe(true);
    timeline.dispose();
    session.dispose();
  });

  it('scrubs: pauses while dragging, seeks under the pointer, resumes on release', () => {
    clock.time = 0;
    const session = new Playback({ clock });
    const timeline = new Timeline(document.body, session);
    const track = byTestId(document.body, 'timeline');
    track.getBoundingClientRect = () => ({
      left: 100,
      width: 1440,
      top: 0,
      height: 30,
      right: 1540,
      bottom: 30,
      x: 100,
      y: 0,
      toJSON: () => ({}),
    });
    track.setPointerCapture = () => {};
    track.hasPointerCapture = () => true;
    track.releasePointerCapture = () => {};
    session.play();
    const pointer = (type: string, clientX: number) =>
      track.dispatchEvent(
        new PointerEvent(type, { clientX, pointerId: 1, button: 0, bubbles: true }),
      );
    pointer('pointerdown', 100 + 360.5);
    expect(session.isPlaying).toBe(false);
    expect(session.currentFrame).toBe(361);
    expect(timeline.isScrubbing).toBe(true);
    pointer('pointermove', 100 + 720.5);
    expect(session.currentFrame).toBe(721);
    pointer('pointerup', 100 + 720.5);
    expect(session.isPlaying).toBe(true);
    expect(timeline.isScrubbing).toBe(false);
    timeline.dispose();
    session.dispose();
  });
});

describe('TransportBar', () => {
  it('reflects and drives the session', () => {
    clock.time = 0;
    const session = new Playback({ clock });
    const transport = new TransportBar(document.body, session);
    const play = byTestId<HTMLButtonElement>(document.body, 'play-button');
    play.click();
    expect(session.isPlaying).toBe(true);
    expect(play.dataset.state).toBe('playing');
    byTestId<HTMLButtonElement>(document.body, 'step-forward-button').click();
    expect(session.isPlaying).toBe(false);
    byTestId<HTMLButtonElement>(document.body, 'reverse-button').click();
    expect(session.direction).toBe(-1);
    expect(byTestId(document.body, 'reverse-button').dataset.direction).toBe('reverse');
    const loop = byTestId<HTMLButtonElement>(document.body, 'loop-mode-button');
    loop.click();
    expect(session.loopMode).toBe('once');
    expect(loop.dataset.mode).toBe('once');
    expect(loop.textContent).toContain('Play once');

    const speed = byTestId<HTMLSelectElement>(document.body, 'speed-select');
    speed.value = '4';
    speed.dispatchEvent(new Event('change'));
    expect(session.speed).toBe(4);
    session.setSpeed(1.5);
    expect(speed.value).toBe('1.5');
    expect([...speed.options].map((o) => o.textContent)).toContain('1.5×');

    byTestId<HTMLButtonElement>(document.body, 'mute-button').click();
    expect(session.muted).toBe(true);
    const volume = byTestId<HTMLInputElement>(document.body, 'volume-slider');
    volume.value = '0.3';
    volume.dispatchEvent(new Event('input'));
    expect(session.volume).toBeCloseTo(0.3);
    expect(session.muted).toBe(false);
    transport.dispose();
    session.dispose();
  });

  it('steps through speed presets', () => {
    expect(nextSpeedPreset(1, 1)).toBe(2);
    expect(nextSpeedPreset(1, -1)).toBe(0.5);
    expect(nextSpeedPreset(1.5, 1)).toBe(2);
    expect(nextSpeedPreset(8, 1)).toBe(8);
    expect(nextSpeedPreset(0.25, -1)).toBe(0.25);
    expect(formatSpeed(0.25)).toBe('0.25×');
  });
});

describe('Toasts', () => {
  it('shows, auto-dismisses, runs actions and caps the stack', () => {
    vi.useFakeTimers();
    const toasts = new Toasts(document.body);
    const handle = toasts.show('Could not open x.mov', { kind: 'error' });
    expect(handle.element.dataset.kind).toBe('error');
    expect(handle.element.getAttribute('role')).toBe('alert');
    expect(toasts.count).toBe(1);
    vi.advanceTimersByTime(8000);
    expect(toasts.count).toBe(0);

    const run = vi.fn();
    toasts.show('Connection lost', { durationMs: 0, action: { label: 'Reconnect', run } });
    byTestId<HTMLButtonElement>(document.body, 'toast-action').click();
    expect(run).toHaveBeenCalledTimes(1);
    expect(toasts.count).toBe(0);

    for (let i = 0; i < 6; i++) toasts.show(`message ${i}`);
    expect(toasts.count).toBe(4);
    expect(document.querySelectorAll('[data-testid="toast"]')[0]?.textContent).toContain(
      'message 2',
    );
    toasts.dispose();
    expect(document.querySelectorAll('[data-testid="toast"]')).toHaveLength(0);
  });
});

describe('Toasts during a gesture on the picture', () => {
  it('keeps an expiring toast until the pointer is released, then removes it', () => {
    vi.useFakeTimers();
    const stage = document.createElement('div');
    document.body.append(stage);
    const toasts = new Toasts(document.body);
    const stop = toasts.holdWhilePressed(stage);
    toasts.show('Joined', { durationMs: 1000 });
    toasts.show('Later', { durationMs: 5000 });
    stage.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    vi.advanceTimersByTime(2000);
    expect(toasts.count).toBe(2);
    window.dispatchEvent(new Event('pointerup'));
    expect(toasts.count).toBe(1);
    // Without a press, toasts expire on time; a dismissed toast is not dismissed twice.
    vi.advanceTimersByTime(3000);
    expect(toasts.count).toBe(0);
    stop();
    toasts.dispose();
    stage.remove();
    vi.useRealTimers();
  });
});

describe('HelpOverlay', () => {
  it('lists the registry, follows changes, and closes on Escape', () => {
    const bindings = new KeyBindings();
    bindings.register({
      id: 'a',
      keys: ['Space'],
      description: 'Play / pause',
      group: 'Playback',
      handler: () => {},
    });
    const help = new HelpOverlay(document.body, bindings);
    const overlay = byTestId(document.body, 'help-overlay');
    expect(overlay.hidden).toBe(true);
    help.open();
    expect(overlay.hidden).toBe(false);
    expect(overlay.textContent).toContain('Play / pause');
    bindings.register({
      id: 'n',
      keys: ['Shift+N'],
      description: 'Network panel',
      group: 'Network',
      handler: () => {},
    });
    expect(overlay.querySelector('[data-binding="n"] kbd')?.textContent).toBe('Shift+N');
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(help.isOpen).toBe(false);
    help.dispose();
    bindings.dispose();
  });
});
