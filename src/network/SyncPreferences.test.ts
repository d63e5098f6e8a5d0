// Send/accept per category: defaults, what survives a reload, older saved checkboxes, locks.
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../test/support/memoryStorage';
import { RejoinStore } from './RejoinStore';
import { SyncPreferences } from './SyncPreferences';
import { NetworkError } from './types';

const URL = 'ws://server/sync';

describe('SyncPreferences', () => {
  it('starts with the spec defaults: playback, view and image format on, the rest off', () => {
    const preferences = new SyncPreferences(new RejoinStore(new MemoryStorage(), URL));
    expect(preferences.settings).toEqual({
      playback: true,
      view: true,
      inout: false,
      loop: false,
      channel: false,
      color: false,
      annotations: false,
      audio: false,
      compare: false,
      stereo: false,
      format: true,
    });
    expect(preferences.directions.view).toEqual({ send: true, accept: true });
  });

  it('keeps each direction across a reload; a category counts as on while either is', () => {
    const storage = new MemoryStorage();
    const first = new SyncPreferences(new RejoinStore(storage, URL));
    const before = first.update({ loop: { send: true }, channel: { accept: true } });
    expect(before?.loop).toEqual({ send: false, accept: false });
    const reloaded = new SyncPreferences(new RejoinStore(storage, URL));
    expect(reloaded.directions.loop).toEqual({ send: true, accept: false });
    expect(reloaded.directions.channel).toEqual({ send: false, accept: true });
    expect(reloaded.settings.loop).toBe(true);
    expect(reloaded.sends('loop')).toBe(true);
    expect(reloaded.accepts('loop')).toBe(false);
    // Nothing changed: no event to send.
    expect(reloaded.update({ loop: { send: true } })).toBeNull();
  });

  it('reads checkboxes saved by an older player as both directions', () => {
    const storage = new MemoryStorage({
      'reelsync.network.settings': JSON.stringify({ playback: false, color: true }),
    });
    const preferences = new SyncPreferences(new RejoinStore(storage, URL));
    expect(preferences.directions.playback).toEqual({ send: false, accept: false });
    expect(preferences.directions.color).toEqual({ send: true, accept: true });
    expect(preferences.directions.inout).toEqual({ send: false, accept: false });
  });

  it('a host lock turns sending off whatever the choice; the host itself is never locked', () => {
    const preferences = new SyncPreferences(new RejoinStore(null, URL), { color: true });
    expect(preferences.setLocks({ u1: ['color'] }, 'u1', false)).toBe(true);
    expect(preferences.sends('color')).toBe(false);
    expect(preferences.accepts('color')).toBe(true);
    expect(preferences.effective.color).toEqual({ send: false, accept: true });
    expect(preferences.setLocks({ u1: ['color'] }, 'u1', false)).toBe(false);
    expect(preferences.setLocks({ u1: ['color'] }, 'u1', true)).toBe(true);
    expect(preferences.sends('color')).toBe(true);
  });

  it('refuses an unknown category and a split of annotations with a typed error', () => {
    const preferences = new SyncPreferences(new RejoinStore(null, URL));
    expect(() => preferences.update({ ['zoom' as 'view']: { send: true } })).toThrow(NetworkError);
    expect(() =>
      preferences.update({ color: { send: true }, annotations: { accept: true } }),
    ).toThrow(/go together/);
    // Nothing of a refused patch is applied.
    expect(preferences.directions.annotations).toEqual({ send: false, accept: false });
    expect(preferences.directions.color).toEqual({ send: false, accept: false });
  });
});
