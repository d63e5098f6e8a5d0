// Protocol unit tests (spec MPR-001…011 plus round trips, required fields, wrong types, ids).
import { describe, expect, it } from 'vitest';
import {
  CLIENT_CHANGE_TYPES,
  CLIENT_MESSAGE_CATEGORY,
  CLIENT_MESSAGE_TYPES,
  CLOSE_CODES,
  ERROR_CODES,
  createClientMessage,
  createDefaultRoomState,
  createMessageId,
  createRoomCode,
  createServerMessage,
  isClientChange,
  isFatalCloseCode,
  isServerChange,
  SERVER_CHANGE_TYPES,
  SERVER_MESSAGE_TYPES,
  isValidRoomCode,
  normalizeRoomCode,
  parseClientMessage,
  parseServerMessage,
  parseServerFrame,
  protocolJsonSchemas,
  sanitizeDisplayName,
  serializeMessage,
  validateServerMessage,
  ROOM_CODE_ALPHABET,
  type Motion,
  type ViewState,
} from './index';

const motion: Motion = {
  playing: true,
  anchorFrame: 50.25,
  anchorTime: 1_700_000_000_000,
  fps: 24,
  speed: 2,
  direction: -1,
  loopMode: 'pingpong',
  inPoint: 10,
  outPoint: 100,
};
const view: ViewState = { zoom: 2, pan: { x: -12.5, y: 40 }, fit: false, channel: 'red' };

function rawClient(type: string, payload: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ type, id: 'm1', timestamp: 1, payload, ...extra });
}

describe('MessageProtocol', () => {
  it('MPR-001 serializes a playback sync message', () => {
    const message = createClientMessage('sync.playback', { motion, baseVersion: 7 }, { id: 'abc' });
    const json = JSON.parse(serializeMessage(message)) as Record<string, unknown>;
    expect(json).toMatchObject({
      type: 'sync.playback',
      id: 'abc',
      payload: { motion, baseVersion: 7 },
    });
    expect(typeof json.timestamp).toBe('number');
  });

  it('MPR-002 deserializes a playback sync message', () => {
    const sent = createClientMessage('sync.playback', { motion, baseVersion: 3 });
    const parsed = parseClientMessage(serializeMessage(sent));
    expect(parsed).toEqual({ ok: true, message: sent });
    const broadcast = createServerMessage(
      'sync.playback',
      { motion },
      { timestamp: 5, version: 4, userId: 'u1', roomId: 'ABCD-2345' },
    );
    const back = parseServerMessage(serializeMessage(broadcast));
    expect(back.ok && back.message.type === 'sync.playback' && back.message.payload.motion).toEqual(
      motion,
    );
    expect(back.ok && back.message.version).toBe(4);
  });

  it('MPR-003 serializes a view sync message', () => {
    const message = createClientMessage('sync.view', { view });
    expect(JSON.parse(serializeMessage(message))).toMatchObject({
      type: 'sync.view',
      payload: { view },
    });
  });

  it('MPR-004 deserializes a view sync message', () => {
    const parsed = parseClientMessage(rawClient('sync.view', { view }));
    expect(parsed.ok && parsed.message.type === 'sync.view' && parsed.message.payload.view).toEqual(
      view,
    );
  });

  it('MPR-005 validates the message type field', () => {
    for (const bad of [42, null, ['sync.view'], { a: 1 }]) {
      const result = parseClientMessage(
        JSON.stringify({ type: bad, id: 'm', timestamp: 1, payload: {} }),
      );
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'INVALID_MESSAGE', path: '/type' },
      });
    }
    expect(
      parseClientMessage(JSON.stringify({ id: 'm', timestamp: 1, payload: {} })),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_MESSAGE', path: '/type' },
    });
  });

  it('MPR-006 validates required fields (envelope and payload)', () => {
    expect(
      parseClientMessage(
        JSON.stringify({ type: 'ping', timestamp: 1, payload: { clientTime: 1 } }),
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_MESSAGE' },
    });
    const { fps: _fps, ...withoutFps } = motion;
    const result = parseClientMessage(
      rawClient('sync.playback', { motion: withoutFps, baseVersion: 0 }),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_MESSAGE', path: '/payload/motion' },
    });
    expect(!result.ok && result.error.message).toContain('fps');
    expect(parseClientMessage(rawClient('sync.frame', { frame: 3 }))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_MESSAGE' },
    });
  });

  it('MPR-007 handles an unknown message type with UNKNOWN_TYPE', () => {
    expect(parseClientMessage(rawClient('sync.teleport', {}))).toEqual({
      ok: false,
      error: {
        code: 'UNKNOWN_TYPE',
        message: 'Unknown message type: "sync.teleport"',
        path: '/type',
      },
    });
    // A server-only type is unknown in the client → server direction.
    expect(parseClientMessage(rawClient('welcome', {}))).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_TYPE' },
    });
  });

  it('MPR-010 generates unique message ids that match the id pattern', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => createMessageId()));
    expect(ids.size).toBe(10_000);
    for (const id of Array.from(ids).slice(0, 50)) expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    const a = createClientMessage('ping', { clientTime: 1 });
    const b = createClientMessage('ping', { clientTime: 1 });
    expect(a.id).not.toBe(b.id);
  });

  it('MPR-011 includes a timestamp in every message', () => {
    const before = Date.now();
    const message = createClientMessage('ping', { clientTime: 5 });
    expect(message.timestamp).toBeGreaterThanOrEqual(before);
    expect(message.timestamp).toBeLessThanOrEqual(Date.now());
    expect(createClientMessage('ping', { clientTime: 5 }, { timestamp: 123 }).timestamp).toBe(123);
    expect(
      parseClientMessage(JSON.stringify({ type: 'ping', id: 'x', payload: { clientTime: 1 } })),
    ).toMatchObject({ ok: false });
  });

  it('rejects malformed JSON and non-objects', () => {
    expect(parseClientMessage('{"type":')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_JSON' },
    });
    expect(parseClientMessage('')).toMatchObject({ ok: false, error: { code: 'INVALID_JSON' } });
    for (const raw of ['null', '[]', '42', '"hello"', 'true']) {
      expect(parseClientMessage(raw)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_MESSAGE', path: '' },
      });
    }
  });

  it('rejects wrongly-typed fields with a JSON pointer to them', () => {
    const cases: Array<[string, unknown, string]> = [
      ['sync.view', { view: { ...view, zoom: 'big' } }, '/payload/view/zoom'],
      [
        'sync.playback',
        { motion: { ...motion, direction: 0 }, baseVersion: 1 },
        '/payload/motion/direction',
      ],
      [
        'sync.playback',
        { motion: { ...motion, loopMode: 'forever' }, baseVersion: 1 },
        '/payload/motion/loopMode',
      ],
      ['sync.playback', { motion, baseVersion: 1.5 }, '/payload/baseVersion'],
      ['room.join', { roomId: 'abcd-efgh' }, '/payload/roomId'],
      ['sync.color', { color: { exposure: 1 } }, '/payload/color'],
    ];
    for (const [type, payload, path] of cases) {
      const result = parseClientMessage(rawClient(type, payload));
      expect(result, `${type} ${path}`).toMatchObject({
        ok: false,
        error: { code: 'INVALID_MESSAGE', path },
      });
    }
  });

  it('rejects unknown fields, naming them', () => {
    const result = parseClientMessage(rawClient('room.join', { roomId: 'ABCD-2345', admin: true }));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_MESSAGE', path: '/payload' },
    });
    expect(!result.ok && result.error.message).toContain('"admin"');
    expect(parseClientMessage(rawClient('ping', { clientTime: 1 }, { evil: 1 }))).toMatchObject({
      ok: false,
    });
  });

  it('round-trips every client message type through serialize and parse', () => {
    const samples = {
      hello: { protocolVersion: 1, client: 'test' },
      ping: { clientTime: 12.5 },
      'room.create': {
        displayName: 'Ana',
        pin: '1234',
        settings: { presentationMode: true },
        state: { motion },
      },
      'room.join': { roomId: 'ABCD-2345', pin: '1234', displayName: 'Bo', role: 'viewer' },
      'room.peek': { roomId: 'ABCD-2345' },
      'room.resume': { roomId: 'ABCD-2345', sessionToken: 'a'.repeat(32), lastVersion: 4 },
      'room.leave': {},
      'room.end': {},
      'room.settings': {
        settings: {
          othersCanEdit: true,
          joinDefaults: {
            playback: true,
            view: true,
            color: false,
            annotations: true,
            audio: false,
          },
        },
      },
      'room.setRole': { userId: 'u2', role: 'viewer' },
      'room.transferHost': { userId: 'u2' },
      'room.claimHost': { hostToken: 'b'.repeat(32) },
      'room.removeMember': { userId: 'u2' },
      'room.setPin': { pin: '9876' },
      'user.presence': { status: 'idle', mediaStatus: 'ready' },
      'sync.requestState': { lastVersion: 3 },
      'sync.playback': { motion, baseVersion: 0 },
      'sync.frame': { frame: 10, baseVersion: 2 },
      'sync.view': { view },
      'sync.color': { color: createDefaultRoomState().color },
      'sync.audio': { audio: { volume: 0.5, muted: true } },
      'sync.audioTrack': {
        media: 'a'.repeat(64),
        settings: {
          slipMs: -40,
          soundtrack: { id: 'b'.repeat(64), name: 'temp.wav', offsetMs: 500 },
        },
      },
      'sync.media': {
        media: { name: 'a.mov', frameStart: 1, frameEnd: 100, fps: 24, width: 1920, height: 1080 },
      },
      'sync.compare': {
        compare: {
          mode: 'wipe',
          source: { kind: 'library', id: 'a'.repeat(64) },
          wipe: { x: 0.25, y: 0.5, angle: 30 },
          gain: 8,
          blend: 0.5,
          show: 'A',
        },
      },
      'sync.stereo': {
        stereo: { input: 'sideBySide', display: 'anaglyph', swapEyes: true, convergence: -12 },
      },
      'sync.annotation': {
        op: 'add',
        annotation: {
          id: 'u1-1',
          frame: 5,
          tool: 'pen',
          color: '#ff0000',
          width: 3,
          points: [1, 2, 0.5, 3, 4, 0.5],
        },
      },
      'sync.note': { op: 'add', note: { id: 'u1-n1', frame: 5, text: 'Fix the edge' } },
      'library.add': { item: { id: 'a'.repeat(64), kind: 'upload', name: 'shot.mov', size: 1024 } },
      'library.remove': { id: 'a'.repeat(64) },
      'library.open': { id: 'b'.repeat(64) },
      'room.setLibraryPolicy': { participantsMayAdd: true },
      'playlist.add': {
        items: [{ id: 'u1-1', source: { kind: 'library', id: 'a'.repeat(64) }, name: 'sh010' }],
      },
      'playlist.remove': { id: 'u1-1' },
      'playlist.move': { id: 'u1-1', index: 2 },
      'playlist.rename': { id: 'u1-1', name: 'sh010_comp_v002' },
      'playlist.setCurrent': { id: 'u1-1' },
      'playlist.setPolicy': { participantsMayEdit: true },
      'live.cursor': { x: 10, y: 20, frame: 5, visible: true },
      'live.stroke': {
        strokeId: 'u1-2',
        frame: 5,
        tool: 'pen',
        color: '#00ff00',
        width: 2,
        points: [1, 1, 0.5],
        done: false,
      },
    } as const;
    expect(Object.keys(samples).sort()).toEqual([...CLIENT_MESSAGE_TYPES].sort());
    for (const type of CLIENT_MESSAGE_TYPES) {
      const raw = rawClient(type, samples[type], { roomId: 'ABCD-2345' });
      const parsed = parseClientMessage(raw);
      expect(parsed, type).toMatchObject({ ok: true });
      expect(parsed.ok && serializeMessage(parsed.message)).toBe(raw);
    }
  });

  it('validates server messages, including snapshots and catch-up changes', () => {
    const snapshot = createServerMessage(
      'sync.state',
      { mode: 'snapshot', version: 9, state: createDefaultRoomState() },
      { timestamp: 1 },
    );
    expect(validateServerMessage(snapshot)).toMatchObject({ ok: true });
    const change = createServerMessage(
      'sync.view',
      { view },
      { timestamp: 2, version: 10, userId: 'u1' },
    );
    const changes = createServerMessage(
      'sync.state',
      { mode: 'changes', fromVersion: 9, version: 10, changes: [change] },
      { timestamp: 3 },
    );
    expect(parseServerMessage(serializeMessage(changes))).toMatchObject({ ok: true });
    const error = createServerMessage(
      'error',
      { code: 'ROOM_FULL', message: ERROR_CODES.ROOM_FULL },
      { timestamp: 1, replyTo: 'm1' },
    );
    expect(validateServerMessage(error)).toMatchObject({ ok: true });
    expect(
      validateServerMessage({ ...error, payload: { code: 'NOPE', message: 'x' } }),
    ).toMatchObject({ ok: false });
  });

  it('room codes: XXXX-XXXX from the unambiguous alphabet, validated and normalized', () => {
    expect(ROOM_CODE_ALPHABET).not.toMatch(/[01ILOU]/);
    for (let i = 0; i < 1000; i++) expect(isValidRoomCode(createRoomCode())).toBe(true);
    expect(isValidRoomCode('ABCD-2345')).toBe(true);
    for (const bad of [
      'ABCD2345',
      'ABCD-234',
      'abcd-2345',
      'ABC0-2345',
      'ABCI-2345',
      'ABCD-2345 ',
      42,
    ]) {
      expect(isValidRoomCode(bad)).toBe(false);
    }
    expect(normalizeRoomCode(' abcd 2345 ')).toBe('ABCD-2345');
    expect(normalizeRoomCode('abcd2345')).toBe('ABCD-2345');
    expect(normalizeRoomCode('ABCO-2345')).toBeNull();
  });

  it('sanitizes display names (controls, bidi overrides, whitespace, length)', () => {
    expect(sanitizeDisplayName('  Ana \n\t Lee ')).toBe('Ana Lee');
    expect(sanitizeDisplayName('evil\u202Egnp.exe')).toBe('evilgnp.exe');
    expect(sanitizeDisplayName('\u0000\u0007')).toBe('');
    expect(Array.from(sanitizeDisplayName('🎬'.repeat(50)))).toHaveLength(32);
  });

  it('parses a live.batch frame into its relayed messages, in order, and rejects a bad one', () => {
    const cursor = (x: number) => ({
      type: 'live.cursor',
      id: `c${x}`,
      timestamp: 1,
      userId: 'u1',
      payload: { x, y: 0, frame: 1, visible: true, color: '#ff0000' },
    });
    const batch = (messages: unknown[]) =>
      JSON.stringify({ type: 'live.batch', id: 'b1', timestamp: 1, payload: { messages } });
    const parsed = parseServerFrame(batch([cursor(1), cursor(2)]));
    expect(parsed.ok && parsed.message.map((m) => m.type === 'live.cursor' && m.payload.x)).toEqual(
      [1, 2],
    );
    // Only live messages may travel in a batch; an empty one is malformed too.
    const pong = { type: 'pong', id: 'p', timestamp: 1, payload: { clientTime: 1, serverTime: 2 } };
    expect(parseServerFrame(batch([cursor(1), pong])).ok).toBe(false);
    expect(parseServerFrame(batch([])).ok).toBe(false);
    // A single message parses as before.
    const single = parseServerFrame(JSON.stringify(pong));
    expect(single.ok && single.message).toHaveLength(1);
  });

  it('classifies every client message type into a rate-limit category', () => {
    for (const type of CLIENT_MESSAGE_TYPES) expect(CLIENT_MESSAGE_CATEGORY[type]).toBeDefined();
    expect(CLIENT_MESSAGE_CATEGORY['live.cursor']).toBe('live');
    expect(CLIENT_MESSAGE_CATEGORY['sync.playback']).toBe('state');
  });

  it('close codes are in the application range and fatal ones are flagged', () => {
    for (const entry of Object.values(CLOSE_CODES)) {
      expect(entry.code).toBeGreaterThanOrEqual(4000);
      expect(entry.code).toBeLessThan(5000);
    }
    expect(isFatalCloseCode(CLOSE_CODES.VERSION_MISMATCH.code)).toBe(true);
    expect(isFatalCloseCode(CLOSE_CODES.SLOW_CONSUMER.code)).toBe(false);
    expect(isFatalCloseCode(1006)).toBe(false);
  });

  it('publishes JSON Schemas covering every message type', () => {
    const { client, server } = protocolJsonSchemas();
    const titles = (schema: Record<string, unknown>) =>
      (schema.anyOf as Array<{ title: string }>).map((entry) => entry.title).sort();
    expect(titles(client)).toEqual([...CLIENT_MESSAGE_TYPES].sort());
    expect(titles(server)).toContain('sync.state');
    expect(titles(server)).toContain('live.batch');
    expect(client.$schema).toContain('2020-12');
  });
});

describe('change type lists', () => {
  it('lists the client change requests and the server changes, with guards', () => {
    for (const type of CLIENT_CHANGE_TYPES) {
      expect(CLIENT_MESSAGE_TYPES).toContain(type);
      expect(['state', 'room']).toContain(CLIENT_MESSAGE_CATEGORY[type]);
    }
    expect(CLIENT_CHANGE_TYPES).toContain('sync.frame');
    for (const type of SERVER_CHANGE_TYPES) expect(SERVER_MESSAGE_TYPES).toContain(type);
    expect([...SERVER_CHANGE_TYPES].sort()).toEqual([
      'room.settings',
      'sync.annotation',
      'sync.audio',
      'sync.audioTrack',
      'sync.color',
      'sync.compare',
      'sync.library',
      'sync.media',
      'sync.note',
      'sync.playback',
      'sync.playlist',
      'sync.stereo',
      'sync.view',
    ]);
    const frame = createClientMessage('sync.frame', { frame: 3, baseVersion: 0 });
    const ping = createClientMessage('ping', { clientTime: 0 });
    expect(isClientChange(frame)).toBe(true);
    expect(isClientChange(ping)).toBe(false);
    const view = createServerMessage(
      'sync.view',
      { view: { zoom: 1, pan: { x: 0, y: 0 }, fit: true, channel: 'rgb' } },
      { timestamp: 0, version: 1 },
    );
    const pong = createServerMessage('pong', { clientTime: 0, serverTime: 0 }, { timestamp: 0 });
    expect(isServerChange(view)).toBe(true);
    expect(isServerChange(pong)).toBe(false);
  });
});
