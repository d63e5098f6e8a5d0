// makeProxy and makeThumbnail on real files made in beforeAll: the proxy of a ProRes or DNxHR
// .mov has the same frames (count, rate, start timecode, and the frame-ID strip of frames 1, 6
// and 40 read from decoded pixels), keyframes every 12 frames and its index up front; a broken or
// hanging input ends in a typed error and leaves no file behind.
import { execFile } from 'node:child_process';
import { open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeProxy,
  makeThumbnail,
  probeMedia,
  PROXY_GOP,
  type ProbeResult,
} from '../../server/media/ffmpeg/index';
import {
  makeClip,
  makeExoticMedia,
  makeTruncated,
  PRORES_HQ,
  SMALL_CLIP,
  type ExoticMedia,
} from '../../scripts/make-exotic-media';
import { readStripOfFrame } from '../support/frameStrip';
import { makeStripVideo, tempMediaDir } from '../support/mediaFiles';
import {
  expectMediaToolError,
  mediaToolRejection,
  processesMentioning,
} from '../support/mediaErrors';

const run = promisify(execFile);
let temp: Awaited<ReturnType<typeof tempMediaDir>>;
let exotic: ExoticMedia;
let prores: ProbeResult;
const file = (name: string) => path.join(temp.dir, name);

beforeAll(async () => {
  temp = await tempMediaDir('proxy');
  [exotic] = await Promise.all([
    makeExoticMedia(temp.dir),
    makeClip(file('prores-23976.mov'), PRORES_HQ, {
      ...SMALL_CLIP,
      rate: '24000/1001',
      frames: 30,
      startTimecode: '00:59:59:12',
      audio: false,
    }),
    makeClip(file('prores-2997df.mov'), PRORES_HQ, {
      ...SMALL_CLIP,
      rate: '30000/1001',
      frames: 20,
      startTimecode: '01:00:00;00',
      audio: false,
    }),
    // Index up front, so a copy cut halfway still probes as the whole clip.
    makeClip(file('prores-faststart.mov'), [...PRORES_HQ, '-movflags', '+faststart'], SMALL_CLIP),
    // Lossless FFV1 in Matroska at an odd size: no frame count in the container, odd rows to crop.
    makeStripVideo(file('ffv1-odd.mkv'), {
      rate: '25',
      frames: 25,
      size: '322x181',
      source: 'testsrc',
      codecArgs: ['-c:v', 'ffv1', '-pix_fmt', 'yuv444p'],
    }),
    makeStripVideo(file('h264-640.mp4'), {
      rate: '24',
      frames: 24,
      size: '640x360',
      codecArgs: ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'],
    }),
  ]);
  prores = await probeMedia(exotic.prores);
}, 60_000);

afterAll(async () => {
  await temp?.remove();
});

/** Files in `dir` (an output that failed must leave neither itself nor its temp file). */
async function filesIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** Top-level MP4 box types in order. */
async function topLevelBoxes(mp4: string): Promise<string[]> {
  const bytes = await readFile(mp4);
  const types: string[] = [];
  for (let offset = 0; offset + 8 <= bytes.length;) {
    const size = bytes.readUInt32BE(offset);
    types.push(bytes.toString('latin1', offset + 4, offset + 8));
    if (size < 8) break;
    offset += size;
  }
  return types;
}

/** Indexes of the keyframes of the first video stream. */
async function keyframeIndexes(mp4: string): Promise<number[]> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-show_entries',
    'packet=flags',
    '-of',
    'csv=p=0',
    mp4,
  ]);
  return stdout
    .trim()
    .split('\n')
    .flatMap((flags, index) => (flags.startsWith('K') ? [index] : []));
}

describe('makeProxy is frame-accurate', () => {
  it('a ProRes 422 HQ .mov: same frames, rate and timecode; strips 1, 6, 40 at frames 1, 6, 40', async () => {
    const output = file('out/prores-proxy.mp4');
    const reported: number[] = [];
    await makeProxy(exotic.prores, output, prores, { onProgress: (f) => reported.push(f) });

    const proxy = await probeMedia(output);
    expect(proxy).toMatchObject({
      container: 'mp4',
      codec: 'h264',
      pixelFormat: 'yuv420p',
      width: 320,
      height: 180,
      fps: prores.fps,
      frames: prores.frames,
      startFrame: prores.startFrame,
      startTimecode: '01:00:00:00',
      hasAudio: true,
      audioCodec: 'aac',
    });
    for (const frame of [1, 6, 40]) {
      const reading = await readStripOfFrame(output, frame - 1, proxy);
      expect(
        reading.frame,
        `frame ${frame}: cells ${reading.cellLuma.map(Math.round).join(' ')}`,
      ).toBe(frame);
    }
    // The original's own strip agrees (the test media is what we think it is).
    expect((await readStripOfFrame(exotic.prores, 39, prores)).frame).toBe(40);

    expect(reported.at(-1)).toBe(1);
    expect(reported).toEqual([...reported].sort((a, b) => a - b));
  });

  it('keyframes every 12 frames and the index before the media data (+faststart)', async () => {
    const output = file('out/gop-proxy.mp4');
    await makeProxy(exotic.prores, output, prores);
    expect(await keyframeIndexes(output)).toEqual([0, 12, 24, 36]);
    expect(PROXY_GOP).toBe(12);
    const boxes = await topLevelBoxes(output);
    expect(boxes.indexOf('moov')).toBeGreaterThanOrEqual(0);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
  });

  it('a DNxHR HQ .mov keeps its frames', async () => {
    const probe = await probeMedia(exotic.dnxhr);
    const output = file('out/dnxhr-proxy.mp4');
    await makeProxy(exotic.dnxhr, output, probe);
    const proxy = await probeMedia(output);
    expect(proxy).toMatchObject({ frames: 48, fps: 24, startTimecode: '01:00:00:00' });
    expect((await readStripOfFrame(output, 47, proxy)).frame).toBe(48);
  });

  it('23.976 fps with a mid-second start timecode and no audio', async () => {
    const input = file('prores-23976.mov');
    const probe = await probeMedia(input);
    const output = file('out/23976-proxy.mp4');
    await makeProxy(input, output, probe);
    const proxy = await probeMedia(output);
    expect(proxy).toMatchObject({ frames: 30, startTimecode: '00:59:59:12', hasAudio: false });
    expect(proxy.fps).toBeCloseTo(24000 / 1001, 6);
    expect((await readStripOfFrame(output, 0, proxy)).frame).toBe(1);
    expect((await readStripOfFrame(output, 29, proxy)).frame).toBe(30);
  });

  it('29.97 fps keeps its drop-frame start timecode', async () => {
    const input = file('prores-2997df.mov');
    const probe = await probeMedia(input);
    expect(probe.startTimecode).toBe('01:00:00;00');
    const output = file('out/2997df-proxy.mp4');
    await makeProxy(input, output, probe);
    const proxy = await probeMedia(output);
    expect(proxy).toMatchObject({ frames: 20, startTimecode: '01:00:00;00' });
    expect(proxy.fps).toBeCloseTo(30000 / 1001, 6);
  });

  it('an odd-sized Matroska without a frame count: the last row is cropped, no frame is lost', async () => {
    const input = file('ffv1-odd.mkv');
    const probe = await probeMedia(input);
    expect(probe).toMatchObject({ container: 'matroska', codec: 'ffv1', height: 181, frames: 25 });
    const output = file('out/odd-proxy.mp4');
    await makeProxy(input, output, probe);
    const proxy = await probeMedia(output);
    expect(proxy).toMatchObject({ width: 322, height: 180, frames: 25, fps: 25 });
    expect((await readStripOfFrame(output, 24, proxy)).frame).toBe(25);
  });
});

describe('makeProxy on broken or hanging input leaves nothing behind', () => {
  it('a .mov cut halfway (no index) fails with TRANSCODE_FAILED', async () => {
    const dir = file('broken-a');
    const error = await mediaToolRejection(
      makeProxy(exotic.truncated, path.join(dir, 'proxy.mp4'), prores),
    );
    expect(error.code).toBe('TRANSCODE_FAILED');
    expect(error.message).not.toContain(temp.dir);
    expect(await filesIn(dir)).toEqual([]);
  });

  it('a .mov whose index survived but whose frames were cut is refused by the frame check', async () => {
    const whole = file('prores-faststart.mov');
    const cut = await makeTruncated(whole, file('cut-faststart.mov'));
    const probe = await probeMedia(cut);
    expect(probe.frames).toBe(48); // the index still promises every frame
    const dir = file('broken-b');
    const error = await mediaToolRejection(makeProxy(cut, path.join(dir, 'proxy.mp4'), probe));
    expect(error.code).toBe('TRANSCODE_FAILED');
    expect(error.message).toMatch(/does not match the original \(\d+ frames instead of 48/);
    expect(await filesIn(dir)).toEqual([]);
  });

  it('a job that makes no progress is killed by the stall timeout', async () => {
    const fifo = file('stall.mov');
    await run('mkfifo', [fifo]);
    const dir = file('broken-c');
    const started = Date.now();
    await expectMediaToolError(
      makeProxy(fifo, path.join(dir, 'proxy.mp4'), prores, { stallMs: 500 }),
      'STALLED',
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await filesIn(dir)).toEqual([]);
    const left = await processesMentioning(fifo);
    expect(left).toBe('');
  });

  it('the total time limit and an abort kill ffmpeg too', async () => {
    const fifo = file('hang.mov');
    await run('mkfifo', [fifo]);
    await expectMediaToolError(
      makeProxy(fifo, file('broken-d/proxy.mp4'), prores, { timeoutMs: 300 }),
      'TIMED_OUT',
    );
    const controller = new AbortController();
    const making = makeProxy(fifo, file('broken-d/proxy.mp4'), prores, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    await expectMediaToolError(making, 'ABORTED');
    expect(await filesIn(file('broken-d'))).toEqual([]);
  });

  it('refuses a still', async () => {
    const still = { ...prores, kind: 'image' as const };
    await expectMediaToolError(
      makeProxy(exotic.prores, file('out/still.mp4'), still),
      'TRANSCODE_FAILED',
    );
  });
});

describe('makeThumbnail', () => {
  it('writes a JPEG at most 320 px wide, keeping the aspect', async () => {
    const input = file('h264-640.mp4');
    const output = file('thumbs/640.jpg');
    await makeThumbnail(input, output, await probeMedia(input));
    const handle = await open(output, 'r');
    const { buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    await handle.close();
    expect([...buffer]).toEqual([0xff, 0xd8]);
    expect(await probeMedia(output)).toMatchObject({
      kind: 'image',
      codec: 'mjpeg',
      width: 320,
      height: 180,
    });
  });

  it('never enlarges a small picture, and works for ProRes', async () => {
    const output = file('thumbs/prores.jpg');
    await makeThumbnail(exotic.prores, output, prores);
    expect(await probeMedia(output)).toMatchObject({ width: 320, height: 180 });
  });

  it('a file that is not media fails with TRANSCODE_FAILED and writes nothing', async () => {
    const dir = file('thumbs-broken');
    await expectMediaToolError(
      makeThumbnail(exotic.notMedia, path.join(dir, 't.jpg'), prores),
      'TRANSCODE_FAILED',
    );
    expect(await filesIn(dir)).toEqual([]);
  });
});
