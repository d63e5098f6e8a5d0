// applyServerChange: every server change type, replace-in-place for edits, and no mutation.
import { describe, expect, it } from 'vitest';
import {
  createDefaultRoomState,
  createServerMessage,
  roomLibrary,
  sanitizeMediaName,
  validateServerMessage,
  type Annotation,
  type LibraryItem,
  type Note,
  type ServerChange,
  type ServerChangeType,
  type ServerPayload,
} from './index';
import { applyServerChange } from './roomState';

const change = <K extends ServerChangeType>(type: K, payload: ServerPayload<K>): ServerChange =>
  createServerMessage(type, payload, { timestamp: 0, version: 1 }) as ServerChange;

const annotation = (id: string, author = 'u1', frame = 1): Annotation => ({
  id,
  frame,
  tool: 'pen',
  color: '#ff0000',
  width: 2,
  points: [0.1, 0.1, 0.5],
  author,
  createdAt: 0,
});

const note = (id: string, text = 'text'): Note => ({
  id,
  frame: 1,
  text,
  author: 'u1',
  createdAt: 0,
  updatedAt: 0,
});

describe('applyServerChange', () => {
  it('keeps the host’s defaults for people who join as a copy in the room settings', () => {
    const state = createDefaultRoomState();
    const joinDefaults = {
      playback: true,
      view: true,
      color: false,
      annotations: true,
      audio: false,
    };
    const next = applyServerChange(
      state,
      change('room.settings', { settings: { ...state.settings, joinDefaults } }),
    );
    expect(next.settings.joinDefaults).toEqual(joinDefaults);
    expect(next.settings.joinDefaults).not.toBe(joinDefaults);
    expect(state.settings.joinDefaults).toBeUndefined();
  });

  it('sets motion, view, color, audio, media and settings to the payload (copies)', () => {
    const state = createDefaultRoomState();
    const motion = { ...state.motion, playing: true, anchorFrame: 42 };
    const view = { zoom: 2, pan: { x: 0.1, y: 0 }, fit: false, channel: 'red' as const };
    const color = { ...state.color, exposure: 1.5 };
    const audio = { volume: 0.3, muted: true };
    const media = {
      name: 'a.mov',
      frameStart: 1,
      frameEnd: 10,
      fps: 24,
      width: 1920,
      height: 1080,
    };
    const settings = { ...state.settings, othersCanEdit: true };
    let next = applyServerChange(state, change('sync.playback', { motion }));
    next = applyServerChange(next, change('sync.view', { view }));
    next = applyServerChange(next, change('sync.color', { color }));
    next = applyServerChange(next, change('sync.audio', { audio }));
    next = applyServerChange(next, change('sync.media', { media }));
    next = applyServerChange(next, change('room.settings', { settings }));
    expect(next).toMatchObject({ motion, view, color, audio, media, settings });
    expect(next.view.pan).not.toBe(view.pan);
    expect(next.motion).not.toBe(motion);
    expect(applyServerChange(next, change('sync.media', { media: null })).media).toBeNull();
  });

  it("keeps the room's image format when a view comes without one", () => {
    const format = {
      pixelAspect: 2,
      rotation: 90 as const,
      flip: false,
      flop: true,
      maskOpacity: 1,
    };
    const state = createDefaultRoomState();
    const turned = applyServerChange(
      state,
      change('sync.view', { view: { ...state.view, format } }),
    );
    expect(turned.view.format).toEqual(format);
    const zoomed = applyServerChange(
      turned,
      change('sync.view', { view: { ...state.view, fit: false, zoom: 3 } }),
    );
    expect(zoomed.view).toMatchObject({ zoom: 3, format });
    expect(zoomed.view.format).not.toBe(turned.view.format);
  });

  it('does not modify the state it is given', () => {
    const state = createDefaultRoomState();
    state.annotations.push(annotation('a1'));
    state.notes.push(note('n1'));
    const before = structuredClone(state);
    applyServerChange(state, change('sync.annotation', { op: 'remove', ids: ['a1'] }));
    applyServerChange(
      state,
      change('sync.annotation', { op: 'add', annotation: annotation('a2') }),
    );
    applyServerChange(state, change('sync.note', { op: 'upsert', note: note('n1', 'edited') }));
    applyServerChange(state, change('sync.note', { op: 'remove', id: 'n1' }));
    applyServerChange(state, change('sync.playback', { motion: { ...state.motion, fps: 30 } }));
    expect(state).toEqual(before);
  });

  it('replaces an edited annotation in place and appends a new one', () => {
    let state = createDefaultRoomState();
    for (const id of ['a1', 'a2', 'a3'])
      state = applyServerChange(
        state,
        change('sync.annotation', { op: 'add', annotation: annotation(id) }),
      );
    const edited = { ...annotation('a1'), color: '#00ff00' };
    state = applyServerChange(state, change('sync.annotation', { op: 'add', annotation: edited }));
    expect(state.annotations.map((item) => item.id)).toEqual(['a1', 'a2', 'a3']);
    expect(state.annotations[0]?.color).toBe('#00ff00');
  });

  it('removes annotations by id; changes to different ids commute', () => {
    const base = { ...createDefaultRoomState(), annotations: [annotation('me-1', 'me')] };
    const add = change('sync.annotation', {
      op: 'add',
      annotation: annotation('other-1', 'other'),
    });
    const remove = change('sync.annotation', { op: 'remove', ids: ['me-1', 'missing'] });
    const oneWay = applyServerChange(applyServerChange(base, add), remove);
    const otherWay = applyServerChange(applyServerChange(base, remove), add);
    expect(oneWay.annotations.map((item) => item.id)).toEqual(['other-1']);
    expect(otherWay).toEqual(oneWay);
  });

  it('upserts notes in place and removes them by id', () => {
    let state = createDefaultRoomState();
    state = applyServerChange(state, change('sync.note', { op: 'upsert', note: note('n1') }));
    state = applyServerChange(state, change('sync.note', { op: 'upsert', note: note('n2') }));
    state = applyServerChange(
      state,
      change('sync.note', { op: 'upsert', note: note('n1', 'new') }),
    );
    expect(state.notes.map((item) => [item.id, item.text])).toEqual([
      ['n1', 'new'],
      ['n2', 'text'],
    ]);
    state = applyServerChange(state, change('sync.note', { op: 'remove', id: 'n1' }));
    expect(state.notes.map((item) => item.id)).toEqual(['n2']);
  });
});

const libraryItem = (id: string, patch: Partial<LibraryItem> = {}): LibraryItem => ({
  id: id.padEnd(64, '0'),
  kind: 'upload',
  name: 'shot.mov',
  size: 1000,
  addedBy: 'u1',
  addedByName: 'Ana',
  addedAt: 0,
  state: 'uploading',
  progress: 0,
  thumbnail: false,
  browserPlayable: false,
  ...patch,
});

describe('audio review (sync.audioTrack)', () => {
  const shot = 'a'.repeat(64);
  const soundtrack = { id: 'b'.repeat(64), name: 'temp.wav', offsetMs: 500 };

  it('sets and clears one media’s slip and soundtrack; volume changes keep them', () => {
    const start = createDefaultRoomState();
    let next = applyServerChange(
      start,
      change('sync.audioTrack', { media: shot, settings: { slipMs: 40, soundtrack } }),
    );
    expect(next.audio.tracks).toEqual({ [shot]: { slipMs: 40, soundtrack } });
    expect(start.audio.tracks).toBeUndefined();
    next = applyServerChange(next, change('sync.audio', { audio: { volume: 0.5, muted: true } }));
    expect(next.audio).toEqual({
      volume: 0.5,
      muted: true,
      tracks: { [shot]: { slipMs: 40, soundtrack } },
    });
    next = applyServerChange(next, change('sync.audioTrack', { media: shot, settings: null }));
    expect(next.audio.tracks).toEqual({});
  });

  it('refuses offsets out of range and bad media keys on the wire', () => {
    const message = (payload: unknown) =>
      validateServerMessage(
        createServerMessage('sync.audioTrack', payload as ServerPayload<'sync.audioTrack'>, {
          timestamp: 1,
          version: 2,
        }),
      );
    expect(message({ media: shot, settings: { slipMs: 40 } }).ok).toBe(true);
    expect(message({ media: shot, settings: { slipMs: 4_000_000 } }).ok).toBe(false);
    expect(message({ media: '../etc', settings: null }).ok).toBe(false);
    expect(
      message({ media: shot, settings: { slipMs: 0, soundtrack: { ...soundtrack, id: 'x' } } }).ok,
    ).toBe(false);
  });
});

describe('the media library (sync.library)', () => {
  it('upserts items in place, removes them by id and sets the policy, without mutation', () => {
    const state = createDefaultRoomState();
    const before = structuredClone(state);
    let next = applyServerChange(
      state,
      change('sync.library', { op: 'upsert', item: libraryItem('a') }),
    );
    next = applyServerChange(
      next,
      change('sync.library', { op: 'upsert', item: libraryItem('b') }),
    );
    const ready = libraryItem('a', { state: 'ready', progress: 1, thumbnail: true });
    next = applyServerChange(next, change('sync.library', { op: 'upsert', item: ready }));
    expect(roomLibrary(next).items.map((item) => [item.id[0], item.state])).toEqual([
      ['a', 'ready'],
      ['b', 'uploading'],
    ]);
    next = applyServerChange(
      next,
      change('sync.library', { op: 'remove', id: libraryItem('b').id }),
    );
    next = applyServerChange(
      next,
      change('sync.library', { op: 'policy', participantsMayAdd: true }),
    );
    expect(roomLibrary(next)).toEqual({ items: [ready], participantsMayAdd: true });
    expect(state).toEqual(before);
    expect(roomLibrary(state)).toEqual({ items: [], participantsMayAdd: false });
  });

  it('a snapshot without a library (an older server) still parses and reads as empty', () => {
    const { library: _library, ...old } = createDefaultRoomState();
    const snapshot = createServerMessage(
      'sync.state',
      { mode: 'snapshot', version: 3, state: old },
      { timestamp: 1 },
    );
    expect(validateServerMessage(JSON.parse(JSON.stringify(snapshot)))).toMatchObject({ ok: true });
    expect(roomLibrary(old)).toEqual({ items: [], participantsMayAdd: false });
    const next = applyServerChange(
      old,
      change('sync.library', { op: 'upsert', item: libraryItem('c') }),
    );
    expect(roomLibrary(next).items).toHaveLength(1);
  });

  it('refuses library items with a bad id, kind or state on the wire', () => {
    const bad = createServerMessage(
      'sync.library',
      { op: 'upsert', item: { ...libraryItem('a'), id: 'not-a-sha' } },
      { timestamp: 1, version: 2 },
    );
    expect(validateServerMessage(bad)).toMatchObject({ ok: false });
  });
});

describe('sanitizeMediaName', () => {
  it('keeps the last path segment and drops control and formatting characters', () => {
    expect(sanitizeMediaName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeMediaName('C:\\shots\\sh010_v001.mov')).toBe('sh010_v001.mov');
    expect(sanitizeMediaName('sh\u0000ot\u202e.mov\n')).toBe('shot.mov');
    expect(sanitizeMediaName('a:b?.mov')).toBe('a_b_.mov');
    expect(sanitizeMediaName('...hidden.mov')).toBe('hidden.mov');
    expect(sanitizeMediaName('/\u0007/')).toBe('untitled');
  });

  it('cuts long names but keeps the extension', () => {
    const name = sanitizeMediaName(`${'x'.repeat(400)}.mov`);
    expect(name.endsWith('.mov')).toBe(true);
    expect(Array.from(name)).toHaveLength(200);
  });
});
