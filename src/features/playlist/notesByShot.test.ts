import { describe, expect, it } from 'vitest';
import type { Note } from '../../protocol/index';
import { notesByShot } from './notesByShot';
import type { PlaylistItem } from './types';

const item = (id: string, name: string, media: string): PlaylistItem => ({
  id,
  name,
  addedBy: 'host',
  source: { kind: 'library', id: media },
});
let at = 0;
const note = (text: string, frame: number, media?: string): Note => ({
  id: text,
  text,
  frame,
  author: 'u',
  createdAt: ++at,
  updatedAt: at,
  ...(media ? { media } : {}),
});

describe('notesByShot', () => {
  it('groups versions of a shot under one heading, in playlist order, notes by frame', () => {
    const items = [
      item('a', 'sh010_comp_v002.mov', 'm2'),
      item('b', 'sh020_comp.mov', 'm3'),
      item('c', 'sh010_comp_v001.mov', 'm1'),
    ];
    const groups = notesByShot(items, [
      note('late', 40, 'm2'),
      note('early', 5, 'm2'),
      note('v1', 12, 'm1'),
      note('other', 3, 'elsewhere'),
      note('sh020', 7, 'm3'),
    ]);
    expect(groups.map((group) => group.shot)).toEqual([
      'sh010_comp',
      'sh020_comp.mov',
      'Other media',
    ]);
    expect(groups[0]?.items.map((entry) => [entry.itemId, entry.version])).toEqual([
      ['a', 2],
      ['c', 1],
    ]);
    expect(groups[0]?.items[0]?.notes.map((n) => n.text)).toEqual(['early', 'late']);
    expect(groups[2]?.items[0]?.notes.map((n) => n.text)).toEqual(['other']);
  });

  it('items without notes are left out', () => {
    expect(notesByShot([item('a', 'sh010.mov', 'm')], [])).toEqual([]);
  });
});
