// A MemoryRoomStore whose backend can be made to fail on demand, for the error paths a
// remote store (Redis) has: unavailable backend, unexpected failure, unhealthy.
import { MemoryRoomStore } from '../../../server/store/MemoryRoomStore';
import {
  StoreUnavailableError,
  type ApplyOutcome,
  type ChangeContext,
  type StoreHealth,
} from '../../../server/store/RoomStore';
import type { ChangeRequest } from '../../../server/rooms/roomLogic';

export class FaultyStore extends MemoryRoomStore {
  /** What the next applyChange does instead of applying. */
  failure: 'unavailable' | 'crash' | null = null;
  healthy = true;

  override async applyChange(
    roomId: string,
    request: ChangeRequest,
    context: ChangeContext,
  ): Promise<ApplyOutcome> {
    const failure = this.failure;
    this.failure = null;
    if (failure === 'unavailable') throw new StoreUnavailableError('backend down');
    if (failure === 'crash') throw new TypeError('unexpected');
    return super.applyChange(roomId, request, context);
  }

  override async health(): Promise<StoreHealth> {
    return this.healthy ? super.health() : { ok: false, store: 'faulty', detail: 'backend down' };
  }
}
