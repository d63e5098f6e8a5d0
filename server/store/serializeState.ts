// A room state serialized for snapshots without blocking the event loop: annotations and notes
// are serialized one by one, yielding to other work every SLICE_BYTES, so a 50 MB room does not
// stall every other room (and /healthz) for the seconds one JSON.stringify would take.
import type { RoomState } from '../../src/protocol/index';

const SLICE_BYTES = 512 * 1024;

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/** UTF-8 JSON of `state` (which must not be mutated meanwhile: the reducer never does). */
export async function serializeRoomState(state: RoomState): Promise<Buffer> {
  const { annotations, notes, library, playlist, compare, stereo, ...rest } = state;
  const parts: Buffer[] = [Buffer.from(`${JSON.stringify(rest).slice(0, -1)},"annotations":[`)];
  let sinceYield = 0;
  const list = async (items: readonly unknown[]) => {
    for (let i = 0; i < items.length; i++) {
      const part = Buffer.from(i === 0 ? JSON.stringify(items[i]) : `,${JSON.stringify(items[i])}`);
      parts.push(part);
      sinceYield += part.length;
      if (sinceYield >= SLICE_BYTES) {
        sinceYield = 0;
        await yieldToOthers();
      }
    }
  };
  await list(annotations);
  parts.push(Buffer.from('],"notes":['));
  await list(notes);
  // The library and the playlist (bounded) last, as in the state object, so the text equals
  // JSON.stringify.
  const tail = [
    library === undefined ? '' : `,"library":${JSON.stringify(library)}`,
    playlist === undefined ? '' : `,"playlist":${JSON.stringify(playlist)}`,
    compare === undefined ? '' : `,"compare":${JSON.stringify(compare)}`,
    stereo === undefined ? '' : `,"stereo":${JSON.stringify(stereo)}`,
  ].join('');
  parts.push(Buffer.from(`]${tail}}`));
  return Buffer.concat(parts);
}
