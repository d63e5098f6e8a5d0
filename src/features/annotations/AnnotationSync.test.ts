import { describe, expect, it } from 'vitest';
import type { ClientPayload } from '../../protocol/index';
import type { ConnectionState, SyncStatus } from '../../network/types';
import { AnnotationDocument } from './AnnotationDocument';
import { RATE_LIMIT_RETRY_MS } from '../../network/Outbox';
import { ManualTimers } from '../../../test/support/manualTimers';
import {
  AnnotationSync,
  MAX_ATTEMPTS,
  RESEND_AFTER_MS,
  type AnnotationNetwork,
} from './AnnotationSync';
import type { Actor, Annotation } from './types';

/** A room stand-in: applies what is sent like the server would (when `echo` is on). */
class FakeRoom implements AnnotationNetwork {
  annotations: Annotation[] = [];
  connectionState: ConnectionState = 'connected';
  syncStatus: SyncStatus = 'synced';
  roomVersion = 0;
  sent: Array<ClientPayload<'sync.annotation'>> = [];
  echo = true;
  open = true;

  private nextId = 0;

  sendAnnotation(op: ClientPayload<'sync.annotation'>): string | null {
    if (!this.open) return null;
    this.sent.push(op);
    if (this.echo) this.apply(op, 'me');
    return `m${++this.nextId}`;
  }

  apply(op: ClientPayload<'sync.annotation'>, author: string): void {
    this.roomVersion++;
    if (op.op === 'add') {
      this.annotations = this.annotations.filter((a) => a.id !== op.annotation.id);
      this.annotations.push({ ...op.annotation, author, createdAt: this.roomVersion });
    } else if (op.op === 'remove') {
      this.annotations = this.annotations.filter((a) => !op.ids.includes(a.id));
    }
  }
}

const me: Actor = { userId: 'me', canEditOthers: false };
function stroke(id: string, author = 'me'): Annotation {
  return {
    id,
    frame: 1,
    tool: 'pen',
    color: '#ff0000',
    width: 2,
    points: [0, 0, 0.5],
    author,
    createdAt: 1,
  };
}

function setup() {
  const room = new FakeRoom();
  const doc = new AnnotationDocument();
  const timers = new ManualTimers();
  const sync = new AnnotationSync(doc, room, timers);
  sync.connected();
  return { room, doc, sync, advance: (ms: number) => timers.advance(ms) };
}

describe('AnnotationSync', () => {
  it('sends local changes and drops them once the room shows them', () => {
    const { room, doc, sync } = setup();
    sync.push(doc.add(stroke('s1'), me));
    expect(room.sent).toEqual([
      {
        op: 'add',
        annotation: {
          id: 's1',
          frame: 1,
          tool: 'pen',
          color: '#ff0000',
          width: 2,
          points: [0, 0, 0.5],
        },
      },
    ]);
    sync.poll();
    expect(sync.pendingCount).toBe(0);
    expect(doc.get('s1')?.author).toBe('me');
  });

  it('keeps unconfirmed local changes on top of remote ones (concurrent strokes merge)', () => {
    const { room, doc, sync } = setup();
    room.echo = false;
    sync.push(doc.add(stroke('mine'), me));
    room.apply({ op: 'add', annotation: stroke('theirs', 'other') }, 'other');
    sync.reconcile();
    expect(
      doc
        .all()
        .map((a) => a.id)
        .sort(),
    ).toEqual(['mine', 'theirs']);
    // Our add arrives later in server order: both stay, nothing pending.
    room.apply(room.sent[0] as ClientPayload<'sync.annotation'>, 'me');
    sync.reconcile();
    expect(sync.pendingCount).toBe(0);
    expect(
      doc
        .all()
        .map((a) => a.id)
        .sort(),
    ).toEqual(['mine', 'theirs']);
  });

  it('drawing offline loses nothing: changes go out after the reconnect', () => {
    const { room, doc, sync } = setup();
    room.open = false;
    room.connectionState = 'reconnecting';
    sync.push(doc.add(stroke('offline'), me));
    expect(room.sent).toHaveLength(0);
    expect(doc.get('offline')).toBeDefined();
    room.open = true;
    room.connectionState = 'connected';
    sync.connected();
    expect(room.sent.map((op) => op.op)).toEqual(['add']);
    sync.reconcile();
    expect(room.annotations.map((a) => a.id)).toEqual(['offline']);
  });

  it('a change lost with the old connection is sent again on the new one (idempotent)', () => {
    const { room, doc, sync } = setup();
    room.echo = false;
    sync.push(doc.add(stroke('lost'), me));
    expect(room.sent).toHaveLength(1);
    sync.connected();
    expect(room.sent).toHaveLength(2);
  });

  it('once settled, the room is the truth for adds (an add erased by someone stays erased)', () => {
    const { room, doc, sync } = setup();
    room.echo = false;
    sync.push(doc.add(stroke('s1'), me));
    room.apply(room.sent[0] as ClientPayload<'sync.annotation'>, 'me');
    room.apply({ op: 'remove', ids: ['s1'] }, 'host');
    sync.settled();
    expect(doc.get('s1')).toBeUndefined();
    expect(sync.pendingCount).toBe(0);
  });

  it('removes show at once; an unanswered remove is sent again, then the room’s version returns', () => {
    const { room, doc, sync, advance } = setup();
    room.apply({ op: 'add', annotation: stroke('theirs', 'other') }, 'other');
    sync.reconcile();
    room.echo = false;
    sync.push(doc.remove(['theirs'], { userId: 'me', canEditOthers: true }));
    expect(room.sent).toEqual([{ op: 'remove', ids: ['theirs'] }]);
    expect(doc.get('theirs')).toBeUndefined();
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      advance(RESEND_AFTER_MS + 1);
      sync.poll();
      expect(room.sent).toHaveLength(i + 1);
      expect(doc.get('theirs')).toBeUndefined();
    }
    advance(RESEND_AFTER_MS + 1);
    sync.poll();
    expect(doc.get('theirs')).toBeDefined();
    expect(sync.pendingCount).toBe(0);
  });

  it('a refusal sends again; a change refused MAX_ATTEMPTS times is dropped', () => {
    const { room, doc, sync, advance } = setup();
    room.echo = false;
    sync.push(doc.add(stroke('busy'), me));
    // RATE_LIMITED without a hint: wait RATE_LIMIT_RETRY_MS; it is not a failed attempt.
    expect(sync.refused('RATE_LIMITED')).toBe(false);
    expect(doc.get('busy')).toBeDefined();
    sync.poll();
    expect(room.sent).toHaveLength(1);
    advance(RATE_LIMIT_RETRY_MS + 100);
    sync.poll();
    expect(room.sent).toHaveLength(2);
    // Refused for good: sent again until the last allowed attempt, then dropped.
    for (let failure = 1; failure < MAX_ATTEMPTS; failure++) {
      expect(sync.refused('FORBIDDEN')).toBe(false);
      advance(200);
      sync.poll();
    }
    expect(room.sent).toHaveLength(MAX_ATTEMPTS + 1);
    expect(sync.refused('FORBIDDEN')).toBe(true);
    expect(doc.get('busy')).toBeUndefined();
    expect(sync.pendingCount).toBe(0);
  });

  it('a refusal naming one message refuses only that change, and one naming no change of ours nothing', () => {
    const { room, doc, sync, advance } = setup();
    room.echo = false;
    sync.push(doc.add(stroke('a'), me));
    sync.push(doc.add(stroke('b'), me));
    expect(room.sent).toHaveLength(2);
    // Another feature's message was refused: the annotations in flight are not touched.
    for (let i = 0; i < MAX_ATTEMPTS + 1; i++)
      expect(sync.refused('FORBIDDEN', undefined, 'notes-1')).toBe(false);
    expect(doc.get('a')).toBeDefined();
    expect(doc.get('b')).toBeDefined();
    // 'b' (the second message, m2) is refused until dropped; 'a' stays in flight, untouched.
    let refusedId = 'm2';
    for (let failure = 1; failure < MAX_ATTEMPTS; failure++) {
      expect(sync.refused('FORBIDDEN', undefined, refusedId)).toBe(false);
      advance(200);
      sync.poll();
      refusedId = `m${room.sent.length}`;
    }
    expect(room.sent.filter((op) => op.op === 'add' && op.annotation.id === 'a')).toHaveLength(1);
    expect(sync.refused('FORBIDDEN', undefined, refusedId)).toBe(true);
    expect(doc.get('b')).toBeUndefined();
    expect(doc.get('a')).toBeDefined();
    expect(sync.pendingCount).toBe(1);
  });

  it("RATE_LIMITED waits the server's retryAfterMs before sending again", () => {
    const { room, doc, sync, advance } = setup();
    room.echo = false;
    sync.push(doc.add(stroke('busy'), me));
    expect(sync.refused('RATE_LIMITED', 3000)).toBe(false);
    advance(2999);
    sync.poll();
    expect(room.sent).toHaveLength(1);
    advance(1);
    expect(room.sent).toHaveLength(2);
    expect(doc.get('busy')).toBeDefined();
  });

  it('an add dropped without an answer (rate limit) is sent again until the room shows it', () => {
    const { room, doc, sync, advance } = setup();
    room.echo = false;
    sync.push(doc.add(stroke('dropped'), me));
    // The resend happens on the outbox's timer: this time the room takes it.
    room.echo = true;
    advance(RESEND_AFTER_MS + 1);
    sync.poll();
    expect(room.sent).toHaveLength(2);
    sync.poll();
    expect(sync.pendingCount).toBe(0);
    expect(room.annotations.map((a) => a.id)).toEqual(['dropped']);
  });

  it('batches removes of many ids within the protocol limit', () => {
    const { room, doc, sync } = setup();
    room.echo = false;
    for (let i = 0; i < 1500; i++) room.apply({ op: 'add', annotation: stroke(`s${i}`) }, 'me');
    sync.reconcile();
    room.sent = [];
    sync.push(doc.clearFrame(1, me));
    expect(room.sent.map((op) => (op.op === 'remove' ? op.ids.length : 0))).toEqual([1000, 500]);
  });
});
