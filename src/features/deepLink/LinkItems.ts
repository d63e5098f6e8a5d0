// The hook through which a deep link's `item` is opened. The playlist feature sets `open`: it
// makes the playlist item with that id current and resolves true once the room is on it, or
// resolves the reason it could not (no such item, not allowed to move the room, not playable).
// Until someone sets it, links with an item say so and keep the current media.
export class LinkItems {
  open: ((itemId: string) => Promise<true | string>) | null = null;
}
