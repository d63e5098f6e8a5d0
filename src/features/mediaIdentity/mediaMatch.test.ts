import { describe, expect, it } from 'vitest';
import type { MediaInfo } from '../../core/media/types';
import type { MediaDescriptor } from '../../protocol/index';
import {
  compareMedia,
  describeMedia,
  hostStatus,
  sameDescriptor,
  type LocalMedia,
} from './mediaMatch';

const HOST: MediaDescriptor = {
  name: 'shot.mov',
  frameStart: 1,
  frameEnd: 48,
  fps: 24,
  width: 640,
  height: 360,
  fingerprint: 'a'.repeat(64),
};

function local(descriptor: MediaDescriptor | null, extra: Partial<LocalMedia> = {}): LocalMedia {
  return { descriptor, opening: false, hashing: false, claimed: false, ...extra };
}

describe('describeMedia', () => {
  const info: MediaInfo = {
    kind: 'video',
    name: 'x'.repeat(300),
    frameStart: 1,
    frameEnd: 10,
    fps: 23.976,
    width: 1920,
    height: 1080,
    sizeBytes: 5,
    fingerprint: null,
    hasAudio: true,
  };
  it('cuts the name to the protocol limit and omits a fingerprint not computed yet', () => {
    const descriptor = describeMedia(info);
    expect(descriptor.name).toHaveLength(256);
    expect(descriptor).not.toHaveProperty('fingerprint');
    expect(describeMedia({ ...info, fingerprint: 'f' }).fingerprint).toBe('f');
  });
});

describe('compareMedia', () => {
  it('same fingerprint is ready, even under another name', () => {
    expect(compareMedia(local({ ...HOST, name: 'renamed.mov' }), HOST)).toBe('ready');
  });

  it('a different fingerprint under the same name is a mismatch; under another name, missing', () => {
    const other = { ...HOST, fingerprint: 'b'.repeat(64) };
    expect(compareMedia(local(other), HOST)).toBe('mismatch');
    expect(compareMedia(local({ ...other, name: 'demo' }), HOST)).toBe('missing');
    // Opened as "your copy" from the banner: any difference is a mismatch.
    expect(compareMedia(local({ ...other, name: 'demo' }, { claimed: true }), HOST)).toBe(
      'mismatch',
    );
  });

  it('without fingerprints, name + range + fps + size decide', () => {
    const { fingerprint: _omit, ...bare } = HOST;
    expect(compareMedia(local(bare), bare)).toBe('ready');
    expect(compareMedia(local({ ...bare, fps: 24.0000001 }), bare)).toBe('ready');
    expect(compareMedia(local({ ...bare, frameEnd: 47 }), bare)).toBe('mismatch');
    expect(compareMedia(local({ ...bare, width: 320 }), bare)).toBe('mismatch');
    expect(compareMedia(local({ ...bare, name: 'b.mov' }), bare)).toBe('missing');
    // The host's fingerprint is not known yet: a look-alike is ready for now.
    expect(compareMedia(local(HOST), bare)).toBe('ready');
  });

  it('loading while opening, or while hashing a copy opened under another name', () => {
    const { fingerprint: _omit, ...hashing } = HOST;
    // Same name and shape while ours is hashed: ready at once (a different hash flips it later).
    expect(compareMedia(local(hashing, { hashing: true }), HOST)).toBe('ready');
    expect(compareMedia(local(null, { opening: true }), HOST)).toBe('loading');
    expect(
      compareMedia(local({ ...hashing, name: 'copy.mov' }, { hashing: true, claimed: true }), HOST),
    ).toBe('loading');
    expect(compareMedia(local({ ...hashing, name: 'copy.mov' }, { hashing: true }), HOST)).toBe(
      'missing',
    );
  });

  it('nothing on screen is missing; nothing announced is ready', () => {
    expect(compareMedia(local(null), HOST)).toBe('missing');
    expect(compareMedia(local(HOST), null)).toBe('ready');
  });

  it('the host is ready with media on screen', () => {
    expect(hostStatus(local(HOST))).toBe('ready');
    expect(hostStatus(local(null, { opening: true }))).toBe('loading');
    expect(hostStatus(local(null))).toBe('missing');
  });
});

describe('sameDescriptor', () => {
  it('tells when the host must announce again', () => {
    expect(sameDescriptor(HOST, { ...HOST })).toBe(true);
    expect(sameDescriptor(HOST, { ...HOST, fingerprint: 'c' })).toBe(false);
    expect(sameDescriptor(null, null)).toBe(true);
    expect(sameDescriptor(HOST, null)).toBe(false);
  });
});
