// A review in progress, as the chaos scenarios run it: a host who plays and seeks, and guests
// who draw and write notes, all through the real protocol. Afterwards a fresh member joins and
// reads the room's state: every change the server acknowledged must be there.
import type { ServerMessage } from '../../src/protocol/index';
import { Member } from './member';

export interface ReviewTally {
  /** Annotations and notes the server acknowledged (echo naming the message). */
  acknowledged: number;
  /** Playback changes acknowledged. */
  playback: number;
  /** Acknowledged annotations and notes found in the room's state afterwards. */
  present: number;
  /** Acknowledged annotations and notes missing afterwards. */
  lost: number;
  drops: number;
  resumes: number;
  resumeRefused: number;
}

export class Review {
  readonly members: Member[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private tick = 0;

  private constructor(readonly host: Member) {
    this.members.push(host);
  }

  /** Host creates the room (on hostUrl), guests join (each on its own URL, e.g. via a proxy). */
  static async start(hostUrl: string, guestUrls: string[]): Promise<Review> {
    const host = new Member(hostUrl, { name: 'Supervisor' });
    await host.create();
    const review = new Review(host);
    for (const [index, url] of guestUrls.entries()) {
      const guest = new Member(url, { name: `Artist ${index + 1}` });
      await guest.join(host.roomId);
      review.members.push(guest);
    }
    return review;
  }

  /** Each tick (every `everyMs`): the host seeks or plays, guests draw and write notes. */
  run(everyMs = 100): void {
    this.timer = setInterval(() => this.step(), everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private step(): void {
    const tick = this.tick++;
    const frame = 1 + (tick % 100);
    this.host.send('sync.frame', { frame, baseVersion: this.host.version }, { kind: 'playback' });
    for (const [index, member] of this.members.entries()) {
      if (index === 0 || !member.connected) continue;
      if (tick % 2 === 0) {
        const id = member.itemId('s');
        member.send(
          'sync.annotation',
          {
            op: 'add',
            annotation: {
              id,
              frame,
              tool: 'pen',
              color: '#ff3b30',
              width: 3,
              points: [10, 10, 0.5, 200, 120, 0.6, 400, 90, 0.7],
            },
          },
          { kind: 'annotation', itemId: id },
        );
      } else if (tick % 5 === 1) {
        const id = member.itemId('n');
        member.send(
          'sync.note',
          { op: 'add', note: { id, frame, text: `note ${tick} from ${member.options.name}` } },
          { kind: 'note', itemId: id },
        );
      }
    }
  }

  /** Joins afresh on `url`, reads the room's state and counts what was acknowledged but lost. */
  async verify(url: string): Promise<ReviewTally> {
    this.stop();
    const checker = new Member(url, { name: 'Checker', resume: false });
    let snapshot: ServerMessage | null = null;
    const got = checker.next(
      (m) => m.type === 'sync.state' && m.payload.mode === 'snapshot',
      15_000,
    );
    got.catch(() => undefined); // awaited below, once joined
    await checker.join(this.host.roomId, { role: 'viewer' });
    snapshot = await got;
    await checker.close();
    const present = new Set<string>();
    if (snapshot.type === 'sync.state' && snapshot.payload.mode === 'snapshot') {
      for (const annotation of snapshot.payload.state.annotations) present.add(annotation.id);
      for (const note of snapshot.payload.state.notes) present.add(note.id);
    }
    const tally: ReviewTally = {
      acknowledged: 0,
      playback: 0,
      present: 0,
      lost: 0,
      drops: 0,
      resumes: 0,
      resumeRefused: 0,
    };
    for (const member of this.members) {
      tally.drops += member.drops;
      tally.resumes += member.resumes;
      tally.resumeRefused += member.resumeRefused;
      for (const ack of member.acked.values()) {
        if (!ack.itemId) {
          tally.playback++;
          continue;
        }
        tally.acknowledged++;
        if (present.has(ack.itemId)) tally.present++;
        else tally.lost++;
      }
    }
    return tally;
  }

  async close(): Promise<void> {
    this.stop();
    await Promise.all(this.members.map((member) => member.close()));
  }
}
