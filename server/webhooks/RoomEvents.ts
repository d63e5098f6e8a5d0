// The room events trackers hear of (docs/webhooks.md): the room service reports each applied
// change and each ended room here; the ones trackers care about (events.ts) are written to the
// room's event log and posted to the webhook URLs. Only the instance that applied a change (the
// store's atomic step answered `applied`, or its deleteRoom `true`) reports it, so with several
// instances on one Redis each event is posted once.
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { RoomState, ServerChange } from '../../src/protocol/index';
import type { ServerConfig } from '../config';
import { DEFAULT_DATA_DIR } from '../media/LocalMediaStore';
import type { ChangeRequest, Member, RoomStore } from '../store/RoomStore';
import { serveEventLog, EVENTS_ROUTE } from './eventRoutes';
import { EventLog } from './EventLog';
import {
  eventOfChange,
  namedNote,
  type NameLookup,
  type RoomEventData,
  type RoomEventRecord,
} from './events';
import { WebhookDelivery } from './WebhookDelivery';

/** A room's last state and members, read just before it is deleted (room.ended carries its notes). */
export interface FinalRoom {
  roomId: string;
  state: RoomState;
  members: Member[];
}

export class RoomEvents {
  readonly delivery: WebhookDelivery;
  readonly log: EventLog | null;

  constructor(
    config: ServerConfig,
    private readonly store: RoomStore,
    private readonly logger: Logger,
    registry: Registry,
  ) {
    this.delivery = new WebhookDelivery({
      urls: config.webhookUrls,
      secret: config.webhookSecret ?? '',
      timeoutMs: config.webhookTimeoutMs,
      attempts: config.webhookAttempts,
      retryBaseMs: config.webhookRetryBaseMs,
      queueSize: config.webhookQueueSize,
      logger,
      registry,
    });
    this.log = config.eventLog
      ? new EventLog(path.join(config.dataDir ?? DEFAULT_DATA_DIR, 'events'), logger)
      : null;
  }

  /** Whether anything listens (else the room service skips the extra reads). */
  get active(): boolean {
    return this.delivery.enabled || this.log !== null;
  }

  /** A change the store applied on this instance. */
  changed(roomId: string, request: ChangeRequest, message: ServerChange): void {
    if (!this.active || eventOfChange(request, message, () => null) === null) return;
    void this.store
      .listMembers(roomId)
      .catch(() => [])
      .then((members) => {
        const event = eventOfChange(request, message, nameLookup(members));
        if (!event) return;
        const actor = message.userId
          ? { userId: message.userId, displayName: nameLookup(members)(message.userId) }
          : null;
        return this.emit({
          ...event,
          id: `${roomId}.${message.version ?? message.id}`,
          roomId,
          version: message.version ?? null,
          occurredAt: new Date(message.timestamp).toISOString(),
          actor,
        });
      })
      .catch((error: unknown) => this.logger.error({ err: error, roomId }, 'room event failed'));
  }

  /** Reads what room.ended will carry; call before deleting the room (null: nothing listens). */
  async capture(roomId: string): Promise<FinalRoom | null> {
    if (!this.active) return null;
    const [snapshot, members] = await Promise.all([
      this.store.getSnapshot(roomId),
      this.store.listMembers(roomId),
    ]);
    return snapshot ? { roomId, state: snapshot.state, members } : null;
  }

  /** The room was deleted on this instance. */
  ended(final: FinalRoom, reason: 'host' | 'idle' | 'server', at: number): void {
    const names = nameLookup(final.members);
    const event: RoomEventData = {
      type: 'room.ended',
      data: {
        reason,
        mediaName: final.state.media?.name ?? null,
        notes: final.state.notes.map((note) => namedNote(note, names)),
      },
    };
    void this.emit({
      ...event,
      id: `${final.roomId}.ended`,
      roomId: final.roomId,
      version: null,
      occurredAt: new Date(at).toISOString(),
      actor: null,
    });
  }

  /** GET /api/rooms/<ROOM>/events for the host (eventRoutes.ts); false: not this route. */
  async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (!EVENTS_ROUTE.test(pathname)) return false;
    await serveEventLog(req, res, pathname, { store: this.store, log: this.log });
    return true;
  }

  close(): void {
    this.delivery.close();
  }

  private async emit(record: RoomEventRecord): Promise<void> {
    const body = JSON.stringify(record);
    this.delivery.post(record.id, record.type, body);
    await this.log?.append(record);
  }
}

function nameLookup(members: readonly Member[]): NameLookup {
  const names = new Map(members.map((member) => [member.userId, member.displayName]));
  return (userId) => names.get(userId) ?? null;
}
