// Versions of a shot in a playlist (pure): names that differ only in a version token
// (`sh010_comp_v003` / `sh010_comp_v002`) are one shot. Recognised tokens: `v` or `V` and 1–5
// digits, after `_`, `.`, `-` or a space, and followed by the end of the name, its extension, or
// another such separator (`sh010_v002_comp.mov`). The last token of a name counts.

export interface ShotVersion {
  /** The name without its version token and extension, lower-cased: what versions share. */
  shot: string;
  version: number;
}

/** A file extension, unless it is itself the version token (`sh010.v003`). */
const EXTENSION = /\.(?![vV]\d{1,5}$)[A-Za-z0-9]{1,5}$/u;
const VERSION = /^(.*)[._\- ][vV](\d{1,5})(?=$|[._\- ])(.*)$/u;

/** The shot and version of a name, or null when it carries no version token. */
export function shotVersion(name: string): ShotVersion | null {
  const base = name.trim().replace(EXTENSION, '');
  const match = VERSION.exec(base);
  if (!match) return null;
  const [, before = '', digits = '', after = ''] = match;
  if (!before) return null;
  return { shot: `${before}${after}`.toLowerCase(), version: Number(digits) };
}

/**
 * The item to go to for the previous (`-1`) or next (`1`) version of the current item's shot:
 * the nearest lower (or higher) version among `items`; null when there is none.
 */
export function otherVersion<Item extends { id: string; name: string }>(
  items: readonly Item[],
  currentId: string | null,
  direction: 1 | -1,
): Item | null {
  const current = items.find((item) => item.id === currentId);
  const mine = current ? shotVersion(current.name) : null;
  if (!mine) return null;
  let best: { item: Item; version: number } | null = null;
  for (const item of items) {
    const other = shotVersion(item.name);
    if (!other || other.shot !== mine.shot || item.id === currentId) continue;
    const ahead = (other.version - mine.version) * direction;
    if (ahead <= 0) continue;
    if (!best || (other.version - best.version) * direction < 0)
      best = { item, version: other.version };
  }
  return best?.item ?? null;
}

/** How many items share each shot (only shots with a version token, two or more versions). */
export function versionCounts(items: readonly { name: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const parsed = shotVersion(item.name);
    if (parsed) counts.set(parsed.shot, (counts.get(parsed.shot) ?? 0) + 1);
  }
  for (const [shot, count] of counts) if (count < 2) counts.delete(shot);
  return counts;
}
