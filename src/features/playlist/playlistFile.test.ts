import { describe, expect, it } from 'vitest';
import type { LibraryItem } from '../../protocol/index';
import { exportPlaylist, matchLibrary, parsePlaylistFile, PlaylistFileError } from './playlistFile';

const OTIO = JSON.stringify({
  OTIO_SCHEMA: 'Timeline.1',
  name: 'dailies',
  tracks: {
    OTIO_SCHEMA: 'Stack.1',
    children: [
      {
        OTIO_SCHEMA: 'Track.1',
        kind: 'Video',
        children: [
          {
            OTIO_SCHEMA: 'Clip.1',
            name: 'sh010',
            media_reference: {
              OTIO_SCHEMA: 'ExternalReference.1',
              target_url: 'file:///mnt/dailies/sh010_comp_v003.mov',
            },
          },
          { OTIO_SCHEMA: 'Gap.1', name: '' },
          {
            OTIO_SCHEMA: 'Clip.2',
            name: 'sh020',
            active_media_reference_key: 'DEFAULT_MEDIA',
            media_references: {
              DEFAULT_MEDIA: {
                OTIO_SCHEMA: 'ExternalReference.1',
                target_url: 'https://studio.example/sh020%20comp_v001.mov?token=x',
              },
            },
          },
          {
            OTIO_SCHEMA: 'Clip.1',
            name: 'sh030_v002.exr',
            media_reference: { OTIO_SCHEMA: 'MissingReference.1' },
          },
        ],
      },
      {
        OTIO_SCHEMA: 'Track.1',
        kind: 'Audio',
        children: [{ OTIO_SCHEMA: 'Clip.1', name: 'music' }],
      },
    ],
  },
});

const item = (id: string, name: string): LibraryItem => ({
  id: id.repeat(64),
  kind: 'upload',
  name,
  size: 1,
  addedBy: 'u',
  addedByName: 'U',
  addedAt: 0,
  state: 'ready',
  thumbnail: false,
  browserPlayable: true,
});

describe('playlist files', () => {
  it('reads an OTIO timeline: video clips in order, file names from their media references', () => {
    expect(parsePlaylistFile(OTIO)).toEqual([
      { name: 'sh010', file: 'sh010_comp_v003.mov' },
      { name: 'sh020', file: 'sh020 comp_v001.mov' },
      { name: 'sh030_v002.exr', file: 'sh030_v002.exr' },
    ]);
  });

  it('reads JSON lists and its own export', () => {
    expect(parsePlaylistFile('["/a/b/sh010.mov", "sh020.mov"]')).toEqual([
      { name: 'sh010.mov', file: 'sh010.mov' },
      { name: 'sh020.mov', file: 'sh020.mov' },
    ]);
    const library = [item('a', 'sh010.mov'), item('b', 'sh020.mov')];
    const exported = exportPlaylist(
      {
        items: [
          {
            id: 'p1',
            name: 'Shot ten',
            addedBy: 'u',
            source: { kind: 'library', id: 'a'.repeat(64) },
          },
        ],
        currentId: 'p1',
        appendLibraryAdditions: true,
        participantsMayEdit: false,
      },
      library,
    );
    expect(parsePlaylistFile(exported)).toEqual([{ name: 'Shot ten', file: 'sh010.mov' }]);
  });

  it('refuses what is not a playlist with the reason', () => {
    const reason = (text: string) => {
      try {
        parsePlaylistFile(text);
      } catch (error) {
        expect(error).toBeInstanceOf(PlaylistFileError);
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };
    expect(reason('{ not json')).toContain('not valid JSON');
    expect(reason('{"a": 1}')).toContain('not a playlist');
    expect(reason('[]')).toContain('no clips');
    expect(reason('[1]')).toContain('entry 1');
    expect(reason('{"OTIO_SCHEMA": "Clip.1"}')).toContain('not a Timeline');
  });

  it('matches by file name (case and extension aside) and lists the missing', () => {
    const library = [item('a', 'sh010_comp_v003.mov'), item('b', 'SH020 comp_v001.mp4')];
    const { matched, missing } = matchLibrary(parsePlaylistFile(OTIO), library);
    expect(matched).toEqual([
      { name: 'sh010', libraryId: 'a'.repeat(64) },
      { name: 'sh020', libraryId: 'b'.repeat(64) },
    ]);
    expect(missing.map((entry) => entry.file)).toEqual(['sh030_v002.exr']);
  });
});
