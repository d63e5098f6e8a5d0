// The people model: names in texts, role-change notices, the host's join defaults against what
// the user chose, and presentation mode's shared drawings.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_SETTINGS } from '../../network/types';
import {
  ChosenSettings,
  joinDefaultsPatch,
  PEOPLE_TEXTS,
  personName,
  PresentationDrawings,
  roleChangeText,
} from './people';

const memory = () => {
  const map = new Map<string, string>();
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
  };
};

describe('people', () => {
  it('names people in join/leave texts', () => {
    expect(PEOPLE_TEXTS.joined(personName({ displayName: 'Ana' }))).toBe('Ana joined');
    expect(PEOPLE_TEXTS.left(personName({ displayName: '  ' }))).toBe('Someone left');
  });

  it('says who changed your role and what it means', () => {
    expect(roleChangeText('viewer', 'participant', 'Ana')).toBe(
      'Ana made you a viewer — you can watch but not draw or control playback',
    );
    expect(roleChangeText('participant', 'viewer', null)).toMatch(
      /^The host made you a participant/,
    );
    expect(roleChangeText('host', 'participant', null)).toMatch(/You are now the host/);
    expect(roleChangeText('participant', 'host', 'Bo')).toBe(
      'Bo is now the host; you are a participant',
    );
  });

  it('join defaults: the room’s (or the spec’s) for every category the user did not choose', () => {
    const current = { ...DEFAULT_SYNC_SETTINGS, view: false };
    const defaults = { ...DEFAULT_SYNC_SETTINGS, annotations: true };
    expect(joinDefaultsPatch(current, defaults, new Set())).toEqual({
      view: true,
      annotations: true,
    });
    expect(joinDefaultsPatch(current, defaults, new Set(['view']))).toEqual({ annotations: true });
    // A plain room: the spec's defaults (playback and view on, the others off).
    expect(
      joinDefaultsPatch({ ...DEFAULT_SYNC_SETTINGS, annotations: true }, undefined, new Set()),
    ).toEqual({ annotations: false });
  });

  it('remembers the categories the user chose, across instances of the same storage', () => {
    const storage = memory();
    new ChosenSettings(storage).add({ annotations: false, view: true });
    expect([...new ChosenSettings(storage).keys].sort()).toEqual(['annotations', 'view']);
    storage.setItem(ChosenSettings.KEY, '["nonsense", "audio"]');
    expect([...new ChosenSettings(storage).keys]).toEqual(['audio']);
  });

  it('presentation mode turns annotation sync on for members and back off after', () => {
    const drawings = new PresentationDrawings();
    const off = { ...DEFAULT_SYNC_SETTINGS };
    const on = { ...off, annotations: true };
    expect(drawings.update(true, true, off)).toBeNull(); // the presenter keeps theirs
    expect(drawings.update(true, false, off)).toEqual({ annotations: true });
    expect(drawings.update(true, false, on)).toBeNull();
    expect(drawings.update(false, false, on)).toEqual({ annotations: false });
    // Already on before the presentation: left alone after it.
    expect(drawings.update(true, false, on)).toBeNull();
    expect(drawings.update(false, false, on)).toBeNull();
    // Chosen during the presentation: the member's from then on.
    drawings.update(true, false, off);
    drawings.chose();
    expect(drawings.update(false, false, on)).toBeNull();
  });
});
