// Plays the current media's audio through Web Audio in step with forward 1x playback of a
// Playback; silent when paused, reversed, or at any other speed.
import type { Playback } from '../playback/Playback';
import { placementAt, positionAt } from '../playback/motion';
import type { MediaAudio, MediaSource } from './types';

/** Audio is scheduled this far ahead of the AudioContext clock (s); later buffers wait. */
const SCHEDULE_AHEAD_S = 1;
/** Head start given to the first buffer so it is never scheduled in the past (s). */
const START_LEAD_S = 0.05;
/** How often the sound is compared with the session's position (ms). */
const CHECK_INTERVAL_MS = 250;
/** Further apart than this (s), the sound is restarted at the right place (loop wrap, clock step). */
const MAX_DRIFT_S = 0.1;
/** Volume changes ramp with this time constant to avoid clicks (s). */
const GAIN_SMOOTHING_S = 0.015;
const GESTURE_EVENTS = ['pointerdown', 'keydown', 'touchend'] as const;

export interface AudioPlaybackOptions {
  /** Creates the AudioContext (lazily, when audio first has to play). Default: `new AudioContext()`. */
  createContext?: () => AudioContext;
  /**
   * Where to listen for the first user gesture when the browser's autoplay policy keeps the
   * context suspended. Default: globalThis when it is an EventTarget (the window); null disables.
   */
  gestureTarget?: EventTarget | null;
  /**
   * The sound that goes with the picture (the media's own audio slipped, or a soundtrack).
   * Default: the media's own audio. Call refresh() when what it returns changes.
   */
  audio?: () => MediaAudio | null;
  /** The sound could not be decoded (the picture plays on). Default: a console warning. */
  onError?: (error: unknown) => void;
}

/** One continuous stretch of scheduled sound. */
interface AudioRun {
  /** A buffer for media time t is started at AudioContext time t + ctxOffset. */
  ctxOffset: number;
  /** Seconds from starting a buffer to hearing it (output + processing latency). */
  latency: number;
  nodes: Set<AudioBufferSourceNode>;
  iterator: AsyncGenerator<unknown, void, unknown> | null;
  stopped: boolean;
}

export class AudioPlayback {
  private context: AudioContext | null = null;
  private gain: GainNode | null = null;
  private run: AudioRun | null = null;
  private checkTimer: ReturnType<typeof setInterval> | null = null;
  private readonly unsubscribes: (() => void)[];
  private readonly gestureTarget: EventTarget | null;
  private gestureListening = false;
  private disposed = false;

  constructor(
    private readonly session: Playback,
    private readonly options: AudioPlaybackOptions = {},
  ) {
    const fallbackTarget =
      typeof EventTarget !== 'undefined' && globalThis instanceof EventTarget ? globalThis : null;
    this.gestureTarget =
      options.gestureTarget === undefined ? fallbackTarget : options.gestureTarget;
    this.unsubscribes = [
      session.on('motionChanged', () => this.restart()),
      session.on('mediaChanged', () => this.restart()),
      session.on('volumeChanged', () => this.applyGain()),
      session.on('mutedChanged', () => this.applyGain()),
    ];
    this.restart();
  }

  /** Re-reads the sound that goes with the picture (slip or soundtrack changed). */
  refresh(): void {
    this.restart();
  }

  /**
   * The AudioContext and the volume node sound goes through (created on first use, resumed when
   * the autoplay policy allows): for the grains of AudioGrains and the output tap.
   */
  output(): { context: AudioContext; destination: AudioNode; latency: number } | null {
    if (this.disposed) return null;
    const context = this.ensureContext();
    this.resumeContext(context);
    const gain = this.gain;
    if (!gain) return null;
    return {
      context,
      destination: gain,
      latency: (context.outputLatency || 0) + (context.baseLatency || 0),
    };
  }

  /** True while sound is scheduled (forward 1x playback of media with audio). */
  get isPlaying(): boolean {
    return this.run !== null;
  }

  /** True when the autoplay policy holds the sound until the user clicks or presses a key. */
  get isBlockedByAutoplay(): boolean {
    return this.context?.state === 'suspended' && this.run !== null;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.stopRun();
    this.stopChecking();
    this.stopGestureListening();
    void this.context?.close().catch(() => undefined);
    this.context = null;
    this.gain = null;
  }

  /** The media's audio while the picture plays with sound possible (any direction or speed). */
  private playingAudio(): MediaAudio | null {
    if (this.disposed || !this.session.motion.playing) return null;
    if (this.options.audio) return this.options.audio();
    const media: MediaSource | null = this.session.media;
    if (!media?.info.hasAudio) return null;
    return media.audio ?? null;
  }

  /** Sound is heard only while frames move forward at 1x (a ping-pong's backward leg is silent). */
  private audibleNow(): boolean {
    const motion = this.session.motion;
    const travel = placementAt(motion, this.session.clock.now()).travel;
    return travel === 1 && Math.abs(motion.speed - 1) < 1e-6;
  }

  /**
   * Drops whatever is scheduled; while the picture plays, keeps a periodic check running and, if
   * sound should be heard now, schedules it from the current position.
   */
  private restart(): void {
    this.stopRun();
    const audio = this.playingAudio();
    if (!audio) {
      this.stopChecking();
      return;
    }
    this.checkTimer ??= setInterval(() => this.check(), CHECK_INTERVAL_MS);
    if (this.audibleNow()) this.startRun(audio);
  }

  private startRun(audio: MediaAudio): void {
    const context = this.ensureContext();
    this.resumeContext(context);
    const run: AudioRun = {
      ctxOffset: 0,
      latency: 0,
      nodes: new Set(),
      iterator: null,
      stopped: false,
    };
    this.run = run;
    void this.schedule(run, audio, context).catch((error: unknown) => {
      // A decode error ends the sound, not playback; the picture keeps going.
      if (this.options.onError) this.options.onError(error);
      else console.warn('audio playback stopped:', error);
      if (this.run === run) this.stopRun();
    });
  }

  private async schedule(run: AudioRun, audio: MediaAudio, context: AudioContext): Promise<void> {
    const gain = this.gain;
    if (!gain) return;
    const motion = this.session.motion;
    // Started START_LEAD_S from now, the first sound is heard `latency` later: line that moment
    // up with the picture's position then.
    run.latency = (context.outputLatency || 0) + (context.baseLatency || 0);
    const startCtx = context.currentTime + START_LEAD_S;
    const heardAtMs = this.session.clock.now() + (START_LEAD_S + run.latency) * 1000;
    const startMedia = audio.timeOfFrame(positionAt(motion, heardAtMs));
    // Stop where the forward run ends: after the out frame (loop, once) or at it (ping-pong turns
    // there); after a wrap or turn the periodic check restarts or silences the sound.
    const endMedia = audio.timeOfFrame(motion.outPoint + (motion.loopMode === 'pingpong' ? 0 : 1));
    run.ctxOffset = startCtx - startMedia;
    const iterator = audio.buffers(startMedia);
    run.iterator = iterator;
    for await (const { buffer, timestamp } of iterator) {
      if (run.stopped) break;
      if (timestamp >= endMedia) break;
      let offset = Math.max(0, startMedia - timestamp);
      let when = timestamp + offset + run.ctxOffset;
      // Decoding the first buffer may have taken longer than the lead: skip what is already late.
      const late = context.currentTime - when;
      if (late > 0) {
        offset += late;
        when += late;
      }
      const duration = Math.min(buffer.duration, endMedia - timestamp) - offset;
      if (duration <= 0) continue;
      const node = context.createBufferSource();
      node.buffer = buffer;
      node.connect(gain);
      node.addEventListener('ended', () => {
        node.disconnect();
        run.nodes.delete(node);
      });
      node.start(when, offset, duration);
      run.nodes.add(node);
      // Keep about a second scheduled; wait before decoding further.
      while (!run.stopped && when - context.currentTime > SCHEDULE_AHEAD_S) {
        await sleep(CHECK_INTERVAL_MS);
      }
    }
  }

  /**
   * Runs every CHECK_INTERVAL_MS while the picture plays: starts or stops the sound as a
   * ping-pong changes leg, and restarts it when it no longer matches the picture (loop wrap,
   * clock correction from sync).
   */
  private check(): void {
    const audio = this.playingAudio();
    const run = this.run;
    if (!audio || !this.audibleNow()) {
      if (!audio) this.stopChecking();
      this.stopRun();
      return;
    }
    if (!run) {
      this.startRun(audio);
      return;
    }
    const context = this.context;
    if (!context || context.state !== 'running') return;
    const expected = audio.timeOfFrame(positionAt(this.session.motion, this.session.clock.now()));
    const heard = context.currentTime - run.latency - run.ctxOffset;
    if (Math.abs(heard - expected) > MAX_DRIFT_S) this.restart();
  }

  private stopChecking(): void {
    if (this.checkTimer !== null) clearInterval(this.checkTimer);
    this.checkTimer = null;
  }

  private stopRun(): void {
    const run = this.run;
    this.run = null;
    if (!run) return;
    run.stopped = true;
    void run.iterator?.return(undefined).catch(() => undefined);
    for (const node of run.nodes) {
      node.stop();
      node.disconnect();
    }
    run.nodes.clear();
  }

  private ensureContext(): AudioContext {
    if (this.context) return this.context;
    const context = this.options.createContext?.() ?? new AudioContext();
    const gain = context.createGain();
    gain.connect(context.destination);
    this.context = context;
    this.gain = gain;
    this.applyGain();
    return context;
  }

  private applyGain(): void {
    const { context, gain } = this;
    if (!context || !gain) return;
    const level = this.session.muted ? 0 : Math.min(Math.max(this.session.volume, 0), 1);
    gain.gain.setTargetAtTime(level, context.currentTime, GAIN_SMOOTHING_S);
  }

  /** Browsers keep a context suspended until the page has had a user gesture. */
  private resumeContext(context: AudioContext): void {
    if (context.state !== 'suspended') return;
    context.resume().then(
      () => {
        if (context.state === 'suspended') this.startGestureListening();
      },
      () => this.startGestureListening(),
    );
    if (context.state === 'suspended') this.startGestureListening();
  }

  private readonly onGesture = (): void => {
    const context = this.context;
    if (!context) return;
    void context.resume().then(() => {
      if (context.state === 'running') {
        this.stopGestureListening();
        // The sound was scheduled against a clock that stood still: line it up again.
        this.restart();
      }
    });
  };

  private startGestureListening(): void {
    if (this.gestureListening || !this.gestureTarget || this.disposed) return;
    this.gestureListening = true;
    for (const type of GESTURE_EVENTS)
      this.gestureTarget.addEventListener(type, this.onGesture, { capture: true });
  }

  private stopGestureListening(): void {
    if (!this.gestureListening || !this.gestureTarget) return;
    this.gestureListening = false;
    for (const type of GESTURE_EVENTS)
      this.gestureTarget.removeEventListener(type, this.onGesture, { capture: true });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
