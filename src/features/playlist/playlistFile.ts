// Playlist files (pure): reading a JSON list or an OpenTimelineIO `.otio` timeline (OTIO's JSON;
// no maintained npm parser exists, so its few fields used here are read directly), matching its
// clips to the room's library by file name, and writing the playlist as JSON (docs/playlist.md).
import type { LibraryItem, RoomPlaylist } from './types';

/** One entry of a playlist file: the name to show and the media file it names. */
export interface PlaylistEntry {
  name: string;
  /** The file name (no folders) matched against the library. */
  file: string;
}

export class PlaylistFileError extends Error {
  override readonly name = 'PlaylistFileError';
}

/** At most this many entries are read from one file (the playlist's own limit). */
const MAX_ENTRIES = 500;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: Json | undefined): value is { [key: string]: Json } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The last path segment of a path or URL, URL-decoded when it can be. */
export function fileNameOf(path: string): string {
  const segment = path.split(/[/\\]/u).pop() ?? '';
  const bare = segment.split(/[?#]/u)[0] ?? '';
  try {
    return decodeURIComponent(bare);
  } catch {
    return bare;
  }
}

/** The media reference's URL of an OTIO clip (schema 1: media_reference; 2: the active one). */
function clipTarget(clip: { [key: string]: Json }): string | null {
  const references = clip.media_references;
  const key = clip.active_media_reference_key;
  const reference =
    isObject(references) && typeof key === 'string' ? references[key] : clip.media_reference;
  if (!isObject(reference)) return null;
  const target = reference.target_url;
  return typeof target === 'string' && target ? target : null;
}

/** The clips of an OTIO timeline's video tracks, in track order then time order. */
function otioEntries(timeline: { [key: string]: Json }): PlaylistEntry[] {
  const stack = timeline.tracks;
  const tracks = isObject(stack) && Array.isArray(stack.children) ? stack.children : [];
  const entries: PlaylistEntry[] = [];
  for (const track of tracks) {
    if (!isObject(track) || (track.kind !== undefined && track.kind !== 'Video')) continue;
    for (const child of Array.isArray(track.children) ? track.children : []) {
      if (!isObject(child) || !String(child.OTIO_SCHEMA ?? '').startsWith('Clip.')) continue;
      const target = clipTarget(child);
      const name = typeof child.name === 'string' && child.name ? child.name : null;
      const file = target ? fileNameOf(target) : name;
      if (file) entries.push({ name: name ?? file, file });
    }
  }
  return entries;
}

/** A JSON list: ["a.mov", …], [{ name?, file }, …], or { items: [ … ] } (this player's export). */
function listEntries(list: Json[]): PlaylistEntry[] {
  return list.flatMap((entry, index): PlaylistEntry[] => {
    if (typeof entry === 'string' && entry.trim()) {
      const file = fileNameOf(entry.trim());
      return [{ name: file, file }];
    }
    if (isObject(entry) && typeof entry.file === 'string' && entry.file.trim()) {
      const file = fileNameOf(entry.file.trim());
      const name = typeof entry.name === 'string' && entry.name.trim() ? entry.name.trim() : file;
      return [{ name, file }];
    }
    throw new PlaylistFileError(
      `entry ${index + 1} is neither a file name nor an object with a "file" name`,
    );
  });
}

/** Reads a playlist file's text; throws PlaylistFileError saying what is wrong with it. */
export function parsePlaylistFile(text: string): PlaylistEntry[] {
  let data: Json;
  try {
    data = JSON.parse(text) as Json;
  } catch {
    throw new PlaylistFileError(
      'it is not valid JSON (a playlist is a JSON list of file names, or an OpenTimelineIO .otio timeline)',
    );
  }
  let entries: PlaylistEntry[];
  if (isObject(data) && String(data.OTIO_SCHEMA ?? '').startsWith('Timeline.'))
    entries = otioEntries(data);
  else if (isObject(data) && typeof data.OTIO_SCHEMA === 'string')
    throw new PlaylistFileError(
      `it is an OpenTimelineIO ${data.OTIO_SCHEMA}, not a Timeline: export the timeline itself`,
    );
  else if (Array.isArray(data)) entries = listEntries(data);
  else if (isObject(data) && Array.isArray(data.items)) entries = listEntries(data.items);
  else
    throw new PlaylistFileError(
      'it is JSON but not a playlist (expected a list of file names, { "items": [...] } or an OpenTimelineIO timeline)',
    );
  if (entries.length === 0) throw new PlaylistFileError('it names no clips');
  if (entries.length > MAX_ENTRIES)
    throw new PlaylistFileError(
      `it names ${entries.length} clips; a playlist holds ${MAX_ENTRIES}`,
    );
  return entries;
}

export interface LibraryMatch {
  matched: Array<{ name: string; libraryId: string }>;
  /** Entries no library item matches (listed to the user). */
  missing: PlaylistEntry[];
}

const bare = (file: string) => file.toLowerCase().replace(/\.[^.]*$/u, '');

/** Matches entries to library items by file name (exact, then case and extension aside). */
export function matchLibrary(
  entries: readonly PlaylistEntry[],
  library: readonly LibraryItem[],
): LibraryMatch {
  const result: LibraryMatch = { matched: [], missing: [] };
  for (const entry of entries) {
    const item =
      library.find((candidate) => candidate.name === entry.file) ??
      library.find((candidate) => bare(candidate.name) === bare(entry.file));
    if (item) result.matched.push({ name: entry.name, libraryId: item.id });
    else result.missing.push(entry);
  }
  return result;
}

/** The playlist as a JSON file this player (and any script) reads back. */
export function exportPlaylist(playlist: RoomPlaylist, library: readonly LibraryItem[]): string {
  const items = playlist.items.map((item) => {
    const source = item.source;
    const file =
      source.kind === 'library'
        ? (library.find((entry) => entry.id === source.id)?.name ?? item.name)
        : source.media.name;
    const fingerprint = source.kind === 'library' ? source.id : source.media.fingerprint;
    return {
      name: item.name,
      file,
      ...(fingerprint ? { fingerprint } : {}),
      ...(item.state ? { state: item.state } : {}),
    };
  });
  return `${JSON.stringify({ reelsyncPlaylist: 1, items }, null, 2)}\n`;
}
