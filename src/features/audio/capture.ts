// Records what the player sends to the speakers (after volume and mute), for
// window.reelsync.audio.capture: an AudioWorklet tap on the output node (public/audio-capture.worklet.js).
import type { AudioOut } from '../../core/audio/AudioGrains';

const WORKLET_URL = 'audio-capture.worklet.js';
const loaded = new WeakSet<BaseAudioContext>();

export interface CapturedAudio {
  sampleRate: number;
  /** Mono mix of the output. */
  samples: Float32Array;
}

/** Records `durationMs` of the output, starting now. */
export async function captureOutput(out: AudioOut, durationMs: number): Promise<CapturedAudio> {
  if (!Number.isFinite(durationMs) || durationMs <= 0 || durationMs > 60_000)
    throw new RangeError('capture(ms): the duration must be between 1 and 60000 ms');
  const { context } = out;
  if (!loaded.has(context)) {
    await context.audioWorklet.addModule(new URL(WORKLET_URL, document.baseURI).href);
    loaded.add(context);
  }
  const tap = new AudioWorkletNode(context, 'reelsync-capture', {
    numberOfInputs: 1,
    numberOfOutputs: 1,
    outputChannelCount: [1],
  });
  const blocks: Float32Array[] = [];
  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  let stopping = false;
  tap.port.onmessage = (event: MessageEvent<Float32Array>) => {
    blocks.push(event.data);
    if (stopping) resolveStopped();
  };
  out.destination.connect(tap);
  // Its output is silence; connected so that the context keeps pulling it.
  tap.connect(context.destination);
  const wanted = Math.round((durationMs / 1000) * context.sampleRate);
  const startedAt = context.currentTime;
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  // The context clock may lag the page's timers: wait for it (a suspended context never catches up).
  while (context.state === 'running' && context.currentTime - startedAt < durationMs / 1000)
    await new Promise((resolve) => setTimeout(resolve, 20));
  stopping = true;
  tap.port.postMessage('stop');
  await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 500))]);
  out.destination.disconnect(tap);
  tap.disconnect();
  const total = blocks.reduce((sum, block) => sum + block.length, 0);
  const samples = new Float32Array(Math.min(total, Math.max(wanted, 0)) || total);
  let at = 0;
  for (const block of blocks) {
    const part = block.subarray(0, samples.length - at);
    samples.set(part, at);
    at += part.length;
    if (at >= samples.length) break;
  }
  return { sampleRate: context.sampleRate, samples };
}
