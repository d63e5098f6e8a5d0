// The hook through which a deep link's `item` is opened. The playlist feature (when it lands)
// sets `open`: it makes the playlist item with that id current and resolves true, or false when
// the playlist has no such item. Until someone sets it, links with an item say so and keep the
// current media.
export class LinkItems {
  open: ((itemId: string) => Promise<boolean>) | null = null;
}
