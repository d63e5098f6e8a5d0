// Reads real files made by ffmpeg at test time (ffmpeg is a prerequisite of the suite, see .ci/run).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRORES_FORMATS, readMp4Info, type ByteReader } from './mp4Info';
import { mediaTimecode } from './timecode';

let dir = '';

function make(name: string, args: string[]): Buffer {
  const file = path.join(dir, name);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-nostdin', ...args, file]);
  return readFileSync(file);
}

const source = (rate: string) => [
  '-f',
  'lavfi',
  '-i',
  `testsrc2=size=160x90:rate=${rate}:duration=0.5`,
];
const h264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];

function reader(bytes: Buffer): ByteReader {
  return (offset, length) =>
    Promise.resolve(new Uint8Array(bytes.subarray(offset, offset + length)));
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reelsync-mp4info-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readMp4Info', () => {
  it('reads the 01:00:00:00 start timecode of a 23.976 MP4', async () => {
    const bytes = make('tc.mp4', [...source('24000/1001'), ...h264, '-timecode', '01:00:00:00']);
    const info = await readMp4Info(reader(bytes), bytes.length);
    expect(info?.timecode).toEqual({ frames: 24 * 3600, nominalFps: 24, dropFrame: false });
    expect(info?.videoFormats).toEqual(['avc1']);
    const media = { frameStart: 1, fps: 24000 / 1001, timecodeStart: info?.timecode?.frames };
    expect(mediaTimecode(1, media)).toBe('01:00:00:00');
  });

  it('reads a drop-frame 29.97 timecode from a MOV', async () => {
    const bytes = make('df.mov', [...source('30000/1001'), ...h264, '-timecode', '01:00:00;00']);
    const info = await readMp4Info(reader(bytes), bytes.length);
    expect(info?.timecode).toEqual({ frames: 107892, nominalFps: 30, dropFrame: true });
    const media = { frameStart: 1, fps: 30000 / 1001, timecodeStart: info?.timecode?.frames };
    expect(mediaTimecode(1, media)).toBe('01:00:00;00');
  });

  it('has no timecode when the file carries none', async () => {
    const bytes = make('plain.mp4', [...source('24'), ...h264]);
    const info = await readMp4Info(reader(bytes), bytes.length);
    expect(info).toEqual({ timecode: null, videoFormats: ['avc1'] });
  });

  it('names ProRes by its sample format', async () => {
    const bytes = make('prores.mov', [...source('24'), '-c:v', 'prores_ks', '-profile:v', '0']);
    const info = await readMp4Info(reader(bytes), bytes.length);
    expect(info?.videoFormats.some((format) => PRORES_FORMATS.has(format))).toBe(true);
  });

  it('returns null for a file that is not ISO-BMFF', async () => {
    const bytes = Buffer.from('not a movie at all, just text');
    expect(await readMp4Info(reader(bytes), bytes.length)).toBeNull();
  });
});
