// Sound when the picture does not play forward at 1x (AudioPlayback covers that): while paused,
// each step or scrub position plays its frame's sound as one short grain with short fades; while
// the picture plays forward at another speed, WSOLA grains keep the sound's pitch (grainAlign.ts).
// Reverse play is silent.
import type { Playback } from '../playback/Playback';
import { placementAt, positionAt } from '../playback/motion';
import type { MediaAudio } from '../media/types';
import { ALIGN_TOLERANCE_S, STRETCH_GRAIN_S, bestAlignment, mixDown } from './grainAlign';
import type { Pcm, PcmBlockCache } from './pcmBlocks';

/** Where grains go: the player's AudioContext and its volume node. */
export interface AudioOut {
  readonly context: AudioContext;
  readonly destination: AudioNode;
  /** Seconds from starting a node to hearing it. */
  readonly latency: number;
}

/** The sound that goes with the picture now (the media's own, slipped, or a soundtrack). */
export interface AudioProgram {
  readonly audio: MediaAudio;
  readonly blocks: PcmBlockCache;
}

export interface AudioGrainsOptions {
  /** The output, created on first use; null when audio cannot play. */
  output(): AudioOut | null;
  program(): AudioProgram | null;
  /** A grain could not be decoded (the picture is not affected). */
  onError(error: unknown): void;
}

/** Fade in and out of a step's grain (s): no click at its edges. */
const SCRUB_FADE_S = 0.004;
/** A step's grain starts this soon (s). */
const SCRUB_LEAD_S = 0.01;
/** Pitch-corrected grains are scheduled this far ahead of the context clock (s). */
const STRETCH_AHEAD_S = 0.3;
/** How often more pitch-corrected grains are scheduled (ms). */
const STRETCH_TICK_MS = 50;

interface Voice {
  node: AudioBufferSourceNode;
  gain: GainNode;
}

export class AudioGrains {
  private scrubVoice: Voice | null = null;
  private readonly stretchVoices = new Set<Voice>();
  private stretchTimer: ReturnType<typeof setInterval> | null = null;
  /** Context time of the next pitch-corrected grain; null until the first is placed. */
  private nextGrainAt: number | null = null;
  /** Media time where the previous grain's sound would naturally continue. */
  private continuation: number | null = null;
  private scheduling = false;
  private scrubToken = 0;
  private readonly unsubscribes: Array<() => void>;
  private disposed = false;

  constructor(
    private readonly session: Playback,
    private readonly options: AudioGrainsOptions,
  ) {
    this.unsubscribes = [
      session.on('frameChanged', (frame) => {
        if (!session.motion.playing) void this.scrub(frame);
      }),
      session.on('motionChanged', () => this.refresh()),
      session.on('mediaChanged', () => this.refresh()),
    ];
  }

  /** Re-reads the program (after a slip or soundtrack change) and the motion. */
  refresh(): void {
    this.stopStretch();
    if (this.stretching()) this.startStretch();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.stopStretch();
    this.stopVoice(this.scrubVoice);
  }

  /** Plays one frame's sound (a step, a scrub position, a seek while paused). */
  private async scrub(frame: number): Promise<void> {
    const program = this.options.program();
    const out = program ? this.options.output() : null;
    if (!program || !out || this.session.muted) return;
    const token = ++this.scrubToken;
    const startS = program.audio.timeOfFrame(frame);
    const endS = program.audio.timeOfFrame(frame + 1);
    let pcm: Pcm | null;
    try {
      pcm = await program.blocks.segment(startS, endS);
    } catch (error) {
      this.options.onError(error);
      return;
    }
    // A newer step came while this one decoded, or playback started: it wins.
    if (!pcm || token !== this.scrubToken || this.session.motion.playing || this.disposed) return;
    this.stopVoice(this.scrubVoice);
    const when = out.context.currentTime + SCRUB_LEAD_S;
    this.scrubVoice = this.play(out, pcm, when, SCRUB_FADE_S);
  }

  /** True while the picture plays forward at a speed other than 1x. */
  private stretching(): boolean {
    const motion = this.session.motion;
    if (this.disposed || !motion.playing || Math.abs(motion.speed - 1) < 1e-6) return false;
    return placementAt(motion, this.session.clock.now()).travel === 1;
  }

  private startStretch(): void {
    this.stretchTimer = setInterval(() => void this.scheduleStretch(), STRETCH_TICK_MS);
    void this.scheduleStretch();
  }

  private stopStretch(): void {
    if (this.stretchTimer !== null) clearInterval(this.stretchTimer);
    this.stretchTimer = null;
    this.nextGrainAt = null;
    this.continuation = null;
    for (const voice of this.stretchVoices) this.stopVoice(voice);
    this.stretchVoices.clear();
  }

  /** Keeps STRETCH_AHEAD_S of pitch-corrected grains scheduled. */
  private async scheduleStretch(): Promise<void> {
    if (this.scheduling) return;
    const program = this.options.program();
    const out = program ? this.options.output() : null;
    if (!program || !out) return;
    // A ping-pong's backward leg, or the end of a play-once: silent until the next change.
    if (!this.stretching()) {
      for (const voice of this.stretchVoices) this.stopVoice(voice);
      this.stretchVoices.clear();
      this.nextGrainAt = null;
      this.continuation = null;
      return;
    }
    this.scheduling = true;
    const timer = this.stretchTimer;
    try {
      const { context } = out;
      const hop = STRETCH_GRAIN_S / 2;
      let when =
        this.nextGrainAt === null || this.nextGrainAt < context.currentTime
          ? context.currentTime + 0.02
          : this.nextGrainAt;
      while (when < context.currentTime + STRETCH_AHEAD_S) {
        // The picture's position when this grain is heard.
        const heardAtMs =
          this.session.clock.now() + (when - context.currentTime + out.latency) * 1000;
        const nominal = program.audio.timeOfFrame(positionAt(this.session.motion, heardAtMs));
        const startS = await this.alignedStart(program, nominal);
        if (timer !== this.stretchTimer || this.disposed) return;
        const pcm = await program.blocks.segment(startS, startS + STRETCH_GRAIN_S);
        if (timer !== this.stretchTimer || this.disposed) return;
        if (pcm) this.stretchVoices.add(this.play(out, pcm, when, hop));
        this.continuation = startS + hop;
        when += hop;
        this.nextGrainAt = when;
      }
    } catch (error) {
      this.options.onError(error);
    } finally {
      this.scheduling = false;
    }
  }

  /** The grain's start near `nominal` that best continues the previous grain (WSOLA). */
  private async alignedStart(program: AudioProgram, nominal: number): Promise<number> {
    const continuation = this.continuation;
    if (continuation === null) return nominal;
    const from = Math.min(nominal, continuation) - ALIGN_TOLERANCE_S;
    const to = Math.max(nominal, continuation) + ALIGN_TOLERANCE_S + STRETCH_GRAIN_S / 2;
    const pcm = await program.blocks.segment(from, to);
    if (!pcm) return nominal;
    const rate = pcm.sampleRate;
    const mix = mixDown(pcm.channels);
    const index = (t: number) => Math.round((t - from) * rate);
    const best = bestAlignment(
      mix,
      index(nominal),
      index(continuation),
      Math.round((STRETCH_GRAIN_S / 2) * rate),
      Math.round(ALIGN_TOLERANCE_S * rate),
    );
    return from + best / rate;
  }

  /** Starts `pcm` at context time `when` with linear fades of `fadeS` at both ends. */
  private play(out: AudioOut, pcm: Pcm, when: number, fadeS: number): Voice {
    const { context } = out;
    const length = pcm.channels[0]?.length ?? 0;
    const buffer = context.createBuffer(pcm.channels.length, Math.max(1, length), pcm.sampleRate);
    pcm.channels.forEach((channel, index) => buffer.copyToChannel(channel, index));
    const node = context.createBufferSource();
    node.buffer = buffer;
    const gain = context.createGain();
    const duration = buffer.duration;
    const fade = Math.min(fadeS, duration / 2);
    gain.gain.setValueAtTime(0, when);
    gain.gain.linearRampToValueAtTime(1, when + fade);
    gain.gain.setValueAtTime(1, when + duration - fade);
    gain.gain.linearRampToValueAtTime(0, when + duration);
    node.connect(gain);
    gain.connect(out.destination);
    const voice: Voice = { node, gain };
    node.addEventListener('ended', () => {
      gain.disconnect();
      this.stretchVoices.delete(voice);
      if (this.scrubVoice === voice) this.scrubVoice = null;
    });
    node.start(when);
    return voice;
  }

  /** Stops a voice with a short fade (no click). */
  private stopVoice(voice: Voice | null): void {
    if (!voice) return;
    try {
      const now = voice.node.context.currentTime;
      voice.gain.gain.cancelScheduledValues(now);
      voice.gain.gain.setValueAtTime(voice.gain.gain.value, now);
      voice.gain.gain.linearRampToValueAtTime(0, now + SCRUB_FADE_S);
      voice.node.stop(now + SCRUB_FADE_S);
    } catch {
      // Already stopped.
    }
    if (this.scrubVoice === voice) this.scrubVoice = null;
  }
}
