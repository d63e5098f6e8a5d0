// The playlist model against a network double that records requests: rows, who may edit, next /
// previous, versions (keepFrame), and refusals turned into notices with the server's reason.
import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../network/types';
import type { ClientPayload, LibraryItem, Note, RoomPlaylist } from '../../protocol/index';
import type { PlaylistRequestType } from '../../network/NetworkSyncManager';
import { PlaylistModel } from './PlaylistModel';
import type { PlaylistNetwork } from './types';

const libraryItem = (
  id: string,
  name: string,
  state: LibraryItem['state'] = 'ready',
): LibraryItem => ({
  id: id.repeat(64),
  kind: 'upload',
  name,
  size: 1,
  addedBy: 'h',
  addedByName: 'Host',
  addedAt: 0,
  state,
  thumbnail: false,
  browserPlayable: true,
  ...(state === 'ready'
    ? {
        media: {
          codec: 'h264',
          width: 64,
          height: 64,
          fps: 24,
          frames: 48,
          durationS: 2,
          startFrame: 1,
          hasAudio: false,
        },
      }
    : { progress: 0.4 }),
});

class FakeNetwork implements PlaylistNetwork {
  roomCode: string | null = 'ABCD-EFGH';
  userId = 'h';
  users = [{ userId: 'g', displayName: 'Gus' }];
  isHost = true;
  canEdit = true;
  notes: Note[] = [];
  library = {
    items: [
      libraryItem('a', 'sh010_comp_v001.mov'),
      libraryItem('b', 'sh010_comp_v002.mov'),
      libraryItem('c', 'sh020.mov', 'uploading'),
    ],
    participantsMayAdd: false,
  };
  playlist: RoomPlaylist = {
    items: ['a', 'b', 'c'].map((key) => ({
      id: `p${key}`,
      name: this.library.items.find((item) => item.id === key.repeat(64))?.name ?? key,
      addedBy: 'h',
      source: { kind: 'library' as const, id: key.repeat(64) },
    })),
    currentId: 'pb',
    appendLibraryAdditions: true,
    participantsMayEdit: false,
  };
  sent: Array<[string, unknown]> = [];
  refuseWith: NetworkError | null = null;
  playlistRequest<K extends PlaylistRequestType>(
    type: K,
    payload: ClientPayload<K>,
  ): Promise<void> {
    this.sent.push([type, payload]);
    return this.refuseWith ? Promise.reject(this.refuseWith) : Promise.resolve();
  }
}

function setup() {
  const network = new FakeNetwork();
  const model = new PlaylistModel(network);
  const notices: string[] = [];
  model.on('notice', ({ message }) => notices.push(message));
  return { network, model, notices };
}

describe('PlaylistModel', () => {
  it('rows say what each item is: current, playable or why not, versions, notes', () => {
    const { network, model } = setup();
    network.notes = [
      {
        id: 'n1',
        frame: 1,
        text: 'x',
        author: 'h',
        createdAt: 0,
        updatedAt: 0,
        media: 'b'.repeat(64),
      },
    ];
    expect(
      model.rows.map((row) => [
        row.id,
        row.current,
        row.playable,
        row.status,
        row.versions,
        row.notes,
      ]),
    ).toEqual([
      ['pa', false, true, 'ready', 'v1 (2 versions)', 0],
      ['pb', true, true, 'ready', 'v2 (2 versions)', 1],
      ['pc', false, false, 'uploading 40 %', null, 0],
    ]);
  });

  it('next / previous / versions send setCurrent; unplayable items and the ends say why', async () => {
    const { network, model, notices } = setup();
    model.step(-1);
    model.version(-1);
    expect(network.sent).toEqual([
      ['playlist.setCurrent', { id: 'pa' }],
      ['playlist.setCurrent', { id: 'pa', keepFrame: true }],
    ]);
    model.step(1); // pc is still uploading
    model.version(1); // no v003
    network.playlist = { ...network.playlist, currentId: 'pa' };
    model.step(-1);
    expect(network.sent).toHaveLength(2);
    expect(notices).toEqual([
      'sh020.mov cannot be played: uploading 40 %.',
      'No later version of this shot in the playlist (names like sh010_comp_v002).',
      'This is the first item of the playlist.',
    ]);
  });

  it('a deep link’s item: made current, or the reason it cannot be', async () => {
    const { network, model } = setup();
    expect(await model.openForLink('pb')).toBe(true); // already current: nothing sent
    expect(await model.openForLink('pa')).toBe(true);
    expect(network.sent).toEqual([['playlist.setCurrent', { id: 'pa' }]]);
    expect(await model.openForLink('nope')).toBe('it is not in the room’s playlist');
    expect(await model.openForLink('pc')).toBe('sh020.mov cannot be played: uploading 40 %');
    network.refuseWith = new NetworkError('FORBIDDEN', 'only the host moves the playlist');
    expect(await model.openForLink('pa')).toMatch(/only the host/);
    network.isHost = false;
    expect(await model.openForLink('pa')).toBe(
      'only the host moves the room between playlist items',
    );
  });

  it('participants follow unless the host lets them edit; refusals carry the server reason', async () => {
    const { network, model, notices } = setup();
    network.isHost = false;
    expect(model.canEdit).toBe(false);
    model.step(-1);
    expect(network.sent).toHaveLength(0);
    expect(notices[0]).toContain('Only the host moves the room');
    network.playlist = { ...network.playlist, participantsMayEdit: true };
    network.refuseWith = new NetworkError(
      'ITEM_NOT_FOUND',
      'playlist item pa is not in the playlist (someone removed it)',
    );
    model.remove('pa');
    await Promise.resolve();
    await Promise.resolve();
    expect(notices[1]).toBe(
      'Could not remove the item: playlist item pa is not in the playlist (someone removed it)',
    );
  });
});
