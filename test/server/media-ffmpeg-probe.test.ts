// Unit tests on real files (made with ffmpeg in beforeAll): probeMedia reads what a file is,
// browserPlayable says whether it needs a proxy, bad inputs and missing or hanging tools end in
// a typed MediaToolError, and checkMediaTools/describeMissingTools report the tools.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserPlayable,
  checkMediaTools,
  describeMissingTools,
  probeMedia,
} from '../../server/media/ffmpeg/index';
import { makeExoticMedia, type ExoticMedia } from '../../scripts/make-exotic-media';
import {
  makeAudioOnly,
  makePlaylistInDisguise,
  makeStill,
  makeStripVideo,
  tempMediaDir,
} from '../support/mediaFiles';
import {
  expectMediaToolError,
  mediaToolRejection,
  processesMentioning,
} from '../support/mediaErrors';

const run = promisify(execFile);
let temp: Awaited<ReturnType<typeof tempMediaDir>>;
let exotic: ExoticMedia;
const file = (name: string) => path.join(temp.dir, name);

// A web server that counts requests: a disguised playlist must never make ffprobe fetch.
let requests = 0;
let web: Server;

beforeAll(async () => {
  temp = await tempMediaDir('probe');
  web = createServer((_req, res) => {
    requests++;
    res.end();
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  const port = (web.address() as AddressInfo).port;
  const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast'];
  [exotic] = await Promise.all([
    makeExoticMedia(temp.dir),
    makeStripVideo(file('h264-23976.mp4'), {
      rate: '24000/1001',
      frames: 30,
      codecArgs: [...x264, '-pix_fmt', 'yuv420p'],
      extra: ['-timecode', '00:59:59:00'],
    }),
    makeStripVideo(file('h264-422.mov'), {
      rate: '25',
      frames: 25,
      codecArgs: [...x264, '-pix_fmt', 'yuv422p'],
    }),
    makeStripVideo(file('vp9.webm'), {
      rate: '24',
      frames: 48,
      codecArgs: ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8'],
    }),
    makeAudioOnly(file('audio.m4a')),
    makeStill(file('still.png')),
    makePlaylistInDisguise(file('playlist.mov'), `http://127.0.0.1:${port}/segment.ts`),
  ]);
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => web.close(resolve));
  await temp.remove();
});

describe('probeMedia on media browsers cannot decode', () => {
  it('reads a ProRes 422 HQ .mov: size, rate, frames, timecode and audio', async () => {
    const probe = await probeMedia(exotic.prores);
    expect(probe).toEqual({
      container: 'mov',
      kind: 'video',
      codec: 'prores',
      profile: 'HQ',
      pixelFormat: 'yuv422p10le',
      width: 320,
      height: 180,
      fps: 24,
      frames: 48,
      durationS: 2,
      startFrame: 1,
      startTimecode: '01:00:00:00',
      hasAudio: true,
      audioCodec: 'pcm_s24le',
    });
    expect(browserPlayable(probe)).toBe(false);
  });

  it('reads a DNxHR HQ .mov', async () => {
    const probe = await probeMedia(exotic.dnxhr);
    expect(probe).toMatchObject({
      container: 'mov',
      codec: 'dnxhd',
      profile: 'DNXHR HQ',
      frames: 48,
      fps: 24,
      startTimecode: '01:00:00:00',
    });
    expect(browserPlayable(probe)).toBe(false);
  });

  it('calls H.264 4:2:2 not playable (browsers decode only 4:2:0 H.264)', async () => {
    const probe = await probeMedia(file('h264-422.mov'));
    expect(probe).toMatchObject({ container: 'mov', codec: 'h264', pixelFormat: 'yuv422p' });
    expect(browserPlayable(probe)).toBe(false);
  });
});

describe('probeMedia on media browsers decode', () => {
  it('reads an H.264 MP4 at 23.976 with its start timecode', async () => {
    const probe = await probeMedia(file('h264-23976.mp4'));
    expect(probe).toMatchObject({
      container: 'mp4',
      kind: 'video',
      codec: 'h264',
      frames: 30,
      startFrame: 1,
      startTimecode: '00:59:59:00',
      hasAudio: false,
    });
    expect(probe.fps).toBeCloseTo(24000 / 1001, 9);
    expect(probe.audioCodec).toBeUndefined();
    expect(browserPlayable(probe)).toBe(true);
  });

  it('counts a WebM without a frame count from its duration and rate', async () => {
    const probe = await probeMedia(file('vp9.webm'));
    expect(probe).toMatchObject({ container: 'webm', codec: 'vp9', fps: 24, frames: 48 });
    expect(probe.startTimecode).toBeUndefined();
    expect(browserPlayable(probe)).toBe(true);
  });

  it('reads a still as one frame of an image', async () => {
    const probe = await probeMedia(file('still.png'));
    expect(probe).toMatchObject({ kind: 'image', container: 'image', codec: 'png', frames: 1 });
    expect(probe).toMatchObject({ width: 320, height: 180 });
    expect(browserPlayable(probe)).toBe(true);
  });
});

describe('probeMedia refuses what is not media with a typed error', () => {
  it('text with a .mov extension is NOT_MEDIA', async () => {
    await expectMediaToolError(probeMedia(exotic.notMedia), 'NOT_MEDIA');
  });

  it('a .mov cut halfway (no moov box) is NOT_MEDIA', async () => {
    await expectMediaToolError(probeMedia(exotic.truncated), 'NOT_MEDIA');
  });

  it('sound without a picture is an audio file (a soundtrack), played as it is', async () => {
    const probe = await probeMedia(file('audio.m4a'));
    expect(probe).toMatchObject({
      kind: 'audio',
      codec: 'aac',
      audioCodec: 'aac',
      hasAudio: true,
      width: 0,
      height: 0,
      frames: 0,
    });
    expect(probe.durationS).toBeCloseTo(2, 1);
    expect(browserPlayable(probe)).toBe(true);
  });

  it('a WAV soundtrack is a playable audio file', async () => {
    const wav = file('tone.wav');
    await run('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'sine=duration=1:sample_rate=44100',
      '-c:a',
      'pcm_s16le',
      wav,
    ]);
    const probe = await probeMedia(wav);
    expect(probe).toMatchObject({ kind: 'audio', codec: 'pcm_s16le', container: 'wav' });
    expect(browserPlayable(probe)).toBe(true);
  });

  it('a playlist named .mov is NOT_MEDIA and fetches nothing', async () => {
    await expectMediaToolError(probeMedia(file('playlist.mov')), 'NOT_MEDIA');
    expect(requests).toBe(0);
  });

  it('a missing file is PROBE_FAILED without naming the server path', async () => {
    const error = await mediaToolRejection(probeMedia(file('nowhere.mov')));
    expect(error.code).toBe('PROBE_FAILED');
    expect(error.message).not.toContain(temp.dir);
  });
});

describe('probeMedia when the tool is missing, hangs or is cancelled', () => {
  it('TOOL_MISSING when ffprobe is not where it is configured', async () => {
    const tools = { ffmpeg: 'ffmpeg', ffprobe: file('no-such-ffprobe') };
    await expectMediaToolError(probeMedia(exotic.prores, { tools }), 'TOOL_MISSING');
  });

  it('TIMED_OUT kills an ffprobe that hangs (reading a pipe nobody writes)', async () => {
    const fifo = file('hang.mov');
    await run('mkfifo', [fifo]);
    await expectMediaToolError(probeMedia(fifo, { timeoutMs: 300 }), 'TIMED_OUT');
    // The promise settles only after the child exited: no ffprobe is left reading the pipe.
    const left = await processesMentioning(fifo);
    expect(left).toBe('');
  });

  it('ABORTED when the signal fires', async () => {
    const fifo = file('hang-abort.mov');
    await run('mkfifo', [fifo]);
    const controller = new AbortController();
    const probing = probeMedia(fifo, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expectMediaToolError(probing, 'ABORTED');
  });
});

describe('checkMediaTools and describeMissingTools', () => {
  it('reports the installed versions and nothing missing', async () => {
    const tools = await checkMediaTools();
    expect(tools.ffmpeg).toMatch(/^\d+\.\d+/);
    expect(tools.ffprobe).toMatch(/^\d+\.\d+/);
    expect(describeMissingTools(tools)).toBeNull();
  });

  it('reports a missing ffmpeg as null and says what cannot be served and how to fix it', async () => {
    const tools = await checkMediaTools({ ffmpeg: file('no-ffmpeg'), ffprobe: 'ffprobe' });
    expect(tools.ffmpeg).toBeNull();
    expect(tools.ffprobe).not.toBeNull();
    const message = describeMissingTools(tools) ?? '';
    expect(message).toMatch(/^ffmpeg not found/);
    expect(message).toContain('ProRes');
    expect(message).toContain('apt-get install ffmpeg');
  });

  it('names both tools when neither is there', () => {
    const message = describeMissingTools({ ffmpeg: null, ffprobe: null }) ?? '';
    expect(message).toMatch(/^ffmpeg and ffprobe not found/);
    expect(message).toContain('cannot be checked');
  });
});
