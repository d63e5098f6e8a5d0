// Seeded random edit scripts and a minimal client-side reducer, shared by the single-instance
// convergence property and the multi-instance one (test/redis).
import fc from 'fast-check';
import { DEFAULT_MOTION, type RoomState, type ServerChange } from '../../../src/protocol/index';
import type { TestClient } from './TestClient';

/** What a client does with a sequenced change (a minimal reference reducer). */
export function apply(state: RoomState, change: ServerChange): void {
  switch (change.type) {
    case 'sync.playback':
      state.motion = change.payload.motion;
      return;
    case 'sync.view':
      state.view = change.payload.view;
      return;
    case 'sync.color':
      state.color = change.payload.color;
      return;
    case 'sync.audio':
      state.audio = change.payload.audio;
      return;
    case 'sync.media':
      state.media = change.payload.media;
      return;
    case 'room.settings':
      state.settings = change.payload.settings;
      return;
    case 'sync.annotation': {
      const { payload } = change;
      if (payload.op === 'add') {
        const index = state.annotations.findIndex((item) => item.id === payload.annotation.id);
        if (index >= 0) state.annotations[index] = payload.annotation;
        else state.annotations.push(payload.annotation);
      } else state.annotations = state.annotations.filter((item) => !payload.ids.includes(item.id));
      return;
    }
    case 'sync.note': {
      const { payload } = change;
      if (payload.op === 'upsert') {
        const index = state.notes.findIndex((note) => note.id === payload.note.id);
        if (index >= 0) state.notes[index] = payload.note;
        else state.notes.push(payload.note);
      } else state.notes = state.notes.filter((note) => note.id !== payload.id);
      return;
    }
  }
}

export type Op =
  | { kind: 'seek'; frame: number }
  | { kind: 'zoom'; zoom: number }
  | { kind: 'exposure'; value: number }
  | { kind: 'stroke'; n: number; frame: number }
  | { kind: 'erase'; n: number }
  | { kind: 'clear'; frame: number }
  | { kind: 'note'; n: number };

export const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('seek' as const), frame: fc.integer({ min: 1, max: 1440 }) }),
  fc.record({
    kind: fc.constant('zoom' as const),
    zoom: fc.double({ min: 0.1, max: 8, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('exposure' as const),
    value: fc.double({ min: -5, max: 5, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('stroke' as const),
    n: fc.integer({ min: 0, max: 5 }),
    frame: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ kind: fc.constant('erase' as const), n: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('clear' as const), frame: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constant('note' as const), n: fc.integer({ min: 0, max: 3 }) }),
);

export function send(client: TestClient, userId: string, action: Op, version: number): void {
  switch (action.kind) {
    case 'seek':
      client.send('sync.playback', {
        motion: { ...DEFAULT_MOTION, anchorFrame: action.frame, anchorTime: Date.now() },
        baseVersion: version,
      });
      return;
    case 'zoom':
      client.send('sync.view', {
        view: { zoom: action.zoom, pan: { x: 0, y: 0 }, fit: false, channel: 'rgb' },
      });
      return;
    case 'exposure':
      client.send('sync.color', {
        color: {
          exposure: action.value,
          gamma: 1,
          contrast: 1,
          saturation: 1,
          brightness: 0,
          temperature: 0,
          tint: 0,
        },
      });
      return;
    case 'stroke':
      client.send('sync.annotation', {
        op: 'add',
        annotation: {
          id: `${userId}-${action.n}`,
          frame: action.frame,
          tool: 'pen',
          color: '#ff8800',
          width: 2,
          points: [action.n, action.frame, 0.5],
        },
      });
      return;
    case 'erase':
      client.send('sync.annotation', { op: 'remove', ids: [`${userId}-${action.n}`] });
      return;
    case 'clear':
      client.send('sync.annotation', { op: 'clear', frame: action.frame });
      return;
    case 'note':
      client.send('sync.note', {
        op: 'add',
        note: { id: `${userId}-note-${action.n}`, frame: 1, text: `note ${action.n}` },
      });
      return;
  }
}
