// A MemoryRoomStore whose room channel loses messages on demand (as Redis pub/sub does when
// a subscriber connection drops), for the hub's gap repair.
import { MemoryRoomStore } from '../../../server/store/MemoryRoomStore';
import type { RoomListener } from '../../../server/store/RoomStore';

export class LossyStore extends MemoryRoomStore {
  /** How many of the next sequenced changes never reach the subscribers. */
  drop = 0;

  override subscribe(roomId: string, listener: RoomListener): Promise<() => Promise<void>> {
    return super.subscribe(roomId, (event) => {
      if (event.kind === 'message' && event.version !== undefined && this.drop > 0) {
        this.drop -= 1;
        return;
      }
      listener(event);
    });
  }
}
