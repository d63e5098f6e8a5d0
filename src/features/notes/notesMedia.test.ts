// Notes belong to the media they were written on: the keys of the media on screen, and the model
// listing only that media's notes (local and room), keeping each note's media through edits,
// sharing, leaving the room and storage.
import { afterEach, describe, expect, it } from 'vitest';
import type { MediaDescriptor, Note } from '../../protocol/index';
import { LOCAL_NOTES_KEY } from './localNotes';
import { belongsTo, descriptorKey, mediaKeysOf } from './mediaKeys';
import { NotesModel } from './NotesModel';
import { fakeMedia, FakeNetwork, MemoryStorage } from './testSupport';

const v001 = mediaKeysOf(fakeMedia('shot_v001.mov').info);
const v002 = mediaKeysOf(fakeMedia('shot_v002.mov').info);

const models: NotesModel[] = [];
afterEach(() => {
  for (const model of models.splice(0)) model.dispose();
});
function makeModel(network = new FakeNetwork(), storage = new MemoryStorage()) {
  let id = 0;
  const model = new NotesModel(network, { storage, newId: () => `n${++id}` });
  models.push(model);
  return model;
}
const texts = (model: NotesModel) => model.items.map((item) => item.text);

describe('mediaKeysOf', () => {
  it('writes the fingerprint and matches it or the name, range and size', () => {
    const info = fakeMedia('a.mov', 'abc').info;
    expect(mediaKeysOf(info)).toEqual({ write: 'abc', match: ['abc', 'a.mov|1-480|1920x1080'] });
    expect(mediaKeysOf(null)).toBeNull();
  });

  it('writes the name, range and size while the fingerprint is being computed', () => {
    const info = fakeMedia('a.mov', null).info;
    expect(mediaKeysOf(info)).toEqual({
      write: 'a.mov|1-480|1920x1080',
      match: ['a.mov|1-480|1920x1080'],
    });
  });

  it("counts the room's fingerprint while hashing a file that looks like the room's", () => {
    const info = fakeMedia('a.mov', null).info;
    const room: MediaDescriptor = { ...info, fingerprint: 'room-fp' };
    expect(mediaKeysOf(info, room)?.match).toEqual(['a.mov|1-480|1920x1080', 'room-fp']);
    const other: MediaDescriptor = { ...room, name: 'b.mov' };
    expect(mediaKeysOf(info, other)?.match).toEqual(['a.mov|1-480|1920x1080']);
  });

  it('lets notes without a media show with any media', () => {
    expect(belongsTo(undefined, v001)).toBe(true);
    expect(belongsTo('fp-shot_v001.mov', v001)).toBe(true);
    expect(belongsTo('fp-shot_v001.mov', v002)).toBe(false);
    expect(belongsTo(descriptorKey(fakeMedia('shot_v001.mov').info), v001)).toBe(true);
  });
});

describe('NotesModel with media', () => {
  it('lists only the notes of the media on screen, outside a room', () => {
    const storage = new MemoryStorage();
    const model = makeModel(new FakeNetwork(), storage);
    model.setMedia(v001);
    model.add({ frame: 10, text: 'v1 note' });
    model.setMedia(v002);
    expect(model.items).toEqual([]);
    model.add({ frame: 20, text: 'v2 note' });
    expect(texts(model)).toEqual(['v2 note']);
    model.setMedia(v001);
    expect(texts(model)).toEqual(['v1 note']);
    // Stored with their media, across page loads.
    const stored = JSON.parse(storage.getItem(LOCAL_NOTES_KEY)!) as Array<{ media: string }>;
    expect(stored.map((note) => note.media)).toEqual(['fp-shot_v001.mov', 'fp-shot_v002.mov']);
    const again = makeModel(new FakeNetwork(), storage);
    again.setMedia(v002);
    expect(texts(again)).toEqual(['v2 note']);
  });

  it('keeps a note on its media when it is edited with another media on screen', () => {
    const model = makeModel();
    model.setMedia(v001);
    const added = model.add({ frame: 10, text: 'v1 note' });
    if (!added.ok) throw new Error(added.error);
    expect(model.update(added.id, { frame: 10, text: 'v1 note, edited' }).ok).toBe(true);
    model.setMedia(v002);
    expect(model.items).toEqual([]);
    model.setMedia(v001);
    expect(model.items[0]).toMatchObject({ text: 'v1 note, edited', media: 'fp-shot_v001.mov' });
  });

  it("sends the media with room notes and lists the room's notes per media", () => {
    const network = new FakeNetwork();
    const model = makeModel(network);
    model.setMedia(v001);
    network.enter('ROOM', 'host');
    model.add({ frame: 5, text: 'host v1' });
    expect(network.sent[0]).toMatchObject({ op: 'add', note: { media: 'fp-shot_v001.mov' } });
    const old: Note = {
      id: 'old',
      frame: 7,
      text: 'from an older player',
      author: 'alice',
      createdAt: 1,
      updatedAt: 1,
    };
    network.notes = [...network.notes, old];
    network.emit('notesChanged', network.notes);
    expect(texts(model)).toEqual(['host v1', 'from an older player']);
    model.setMedia(v002);
    expect(texts(model)).toEqual(['from an older player']);
    model.add({ frame: 9, text: 'host v2' });
    expect(texts(model)).toEqual(['from an older player', 'host v2']);
    model.setMedia(v001);
    expect(texts(model)).toEqual(['host v1', 'from an older player']);
  });

  it('offers to share only the local notes of the media on screen, and keeps media on leaving', () => {
    const network = new FakeNetwork();
    const storage = new MemoryStorage();
    const model = makeModel(network, storage);
    model.setMedia(v001);
    model.add({ frame: 1, text: 'alone v1' });
    model.setMedia(v002);
    model.add({ frame: 2, text: 'alone v2' });
    network.enter('ROOM', 'participant', []);
    expect(model.shareableCount).toBe(1);
    expect(model.shareLocal()).toBe(1);
    expect(network.notes.map((note) => [note.text, note.media])).toEqual([
      ['alone v2', 'fp-shot_v002.mov'],
    ]);
    model.setMedia(v001);
    expect(model.shareableCount).toBe(1);
    network.roomCode = null;
    network.emit('roomLeft', { roomId: 'ROOM' });
    model.setMedia(v002);
    expect(model.items.map((item) => [item.text, item.state, item.media])).toEqual([
      ['alone v2', 'local', 'fp-shot_v002.mov'],
    ]);
  });
});
