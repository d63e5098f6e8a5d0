// Exports: CSV quoting and formula guard, timecodes, the JSON shape, the HTML reports' escaping,
// and the report of every shot grouped by shot and version.
import { describe, expect, it } from 'vitest';
import type { NoteItem } from './noteTypes';
import {
  csvField,
  exportFileName,
  notesToCsv,
  notesToJsonData,
  type ExportContext,
} from './notesExport';
import { notesReportHtml, shotsReportHtml } from './notesReport';
import { notesByShot } from '../playlist/notesByShot';
import type { PlaylistItem } from '../playlist/types';

const context: ExportContext = {
  mediaName: 'shot 010.mov',
  fps: 24,
  frameStart: 1,
  frameEnd: 240,
  roomCode: 'ABCD-EFGH',
  exportedAt: Date.UTC(2026, 10, 26, 12, 0, 0),
};

function item(fields: Partial<NoteItem>): NoteItem {
  return {
    id: 'n1',
    frame: 25,
    text: 'text',
    author: 'u1',
    authorName: 'Alice',
    authorColor: '#ff8800',
    createdAt: Date.UTC(2026, 10, 26, 11, 0, 0),
    updatedAt: Date.UTC(2026, 10, 26, 11, 5, 0),
    state: 'synced',
    editable: true,
    own: false,
    ...fields,
  };
}

describe('csvField', () => {
  it('quotes commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('guards free text that a spreadsheet would run as a formula', () => {
    expect(csvField('=SUM(A1)', true)).toBe("'=SUM(A1)");
    expect(csvField('@cmd', true)).toBe("'@cmd");
    expect(csvField('-1', false)).toBe('-1');
  });

  it('guards formulas behind leading whitespace and line breaks (LF, CR, space, tab)', () => {
    expect(csvField('\n=HYPERLINK("x")', true)).toBe('"\'\n=HYPERLINK(""x"")"');
    expect(csvField('\r\n+1', true)).toBe('"\'\r\n+1"');
    expect(csvField('  =1+1', true)).toBe("'  =1+1");
    expect(csvField('\t-2', true)).toBe("'\t-2");
    expect(csvField('\u00a0@SUM(A1)', true)).toBe("'\u00a0@SUM(A1)");
    // A tab or CR at the start is guarded on its own (some apps read them as cell breaks).
    expect(csvField('\tplain', true)).toBe("'\tplain");
  });

  it('guards the fullwidth formula characters ＝ ＋ － ＠', () => {
    for (const start of ['\uff1d', '\uff0b', '\uff0d', '\uff20'])
      expect(csvField(`${start}SUM(A1)`, true)).toBe(`'${start}SUM(A1)`);
    expect(csvField(' \uff1d1', true)).toBe("' \uff1d1");
  });

  it('leaves ordinary text alone', () => {
    expect(csvField('Roto edge: 2px soft', true)).toBe('Roto edge: 2px soft');
    expect(csvField(' leading space', true)).toBe(' leading space');
    expect(csvField('a = b', true)).toBe('a = b');
  });
});

describe('notesToCsv', () => {
  it('writes a header and one CRLF row per note with timecodes from the first frame', () => {
    const csv = notesToCsv(
      [item({}), item({ id: 'n2', frame: 49, endFrame: 72, text: 'fix, "this"\nplease' })],
      context,
    );
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'Frame,End frame,Timecode,End timecode,Author,Text,Status,Created,Updated,Id',
    );
    expect(lines[1]).toBe(
      '25,,00:00:01:00,,Alice,text,synced,2026-11-26T11:00:00.000Z,2026-11-26T11:05:00.000Z,n1',
    );
    expect(lines[2]).toBe(
      '49,72,00:00:02:00,00:00:02:23,Alice,"fix, ""this""\nplease",synced,2026-11-26T11:00:00.000Z,2026-11-26T11:05:00.000Z,n2',
    );
    expect(lines[3]).toBe('');
  });

  it('guards the id column too (ids come from other clients)', () => {
    const csv = notesToCsv([item({ id: '=cmd|x', text: 'ok' })], context);
    expect(csv.split('\r\n')[1]).toMatch(/,'=cmd\|x$/);
  });
});

describe('notesToJsonData', () => {
  it('describes the media, the room and every note with its timecode and author', () => {
    const data = notesToJsonData([item({ endFrame: 30 })], {
      ...context,
      fps: 30000 / 1001,
      fingerprint: 'abc123',
    });
    expect(data).toMatchObject({
      format: 'reelsync-notes',
      version: 1,
      room: 'ABCD-EFGH',
      media: { name: 'shot 010.mov', fingerprint: 'abc123', frameStart: 1, frameEnd: 240 },
      notes: [
        {
          id: 'n1',
          frame: 25,
          endFrame: 30,
          timecode: '00:00:00;24',
          endTimecode: '00:00:00;29',
          author: { id: 'u1', name: 'Alice', color: '#ff8800' },
          createdAt: '2026-11-26T11:00:00.000Z',
        },
      ],
    });
  });
});

describe('notesReportHtml', () => {
  it('escapes note text and names and only embeds image data URLs', () => {
    const html = notesReportHtml(
      [
        item({ text: '<script>alert(1)</script>', authorName: 'Bob & "Co"' }),
        item({ id: 'n2', frame: 30 }),
      ],
      context,
      new Map([
        ['n1', 'data:image/jpeg;base64,AAAA'],
        ['n2', 'javascript:alert(1)'],
      ]),
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Bob &amp; &quot;Co&quot;');
    expect(html).toContain('src="data:image/jpeg;base64,AAAA"');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('No image');
  });
});

describe('shotsReportHtml', () => {
  const shot = (id: string, name: string, media: string): PlaylistItem => ({
    id,
    name,
    addedBy: 'host',
    source: { kind: 'library', id: media },
  });
  const playlist = [
    shot('i1', 'sh010_comp_v001.mov', 'm1'),
    shot('i2', 'sh020_comp_v001.mov', 'm2'),
    shot('i3', 'sh020_comp_v002.mov', 'm3'),
  ];
  const sections = (html: string) =>
    html
      .split('<section class="shot" data-shot="')
      .slice(1)
      .map((part) => ({ name: part.slice(0, part.indexOf('"')), body: part }));

  it('groups the notes by shot and version, each with the picture of its own item', () => {
    const notes = [
      item({ id: 'a', frame: 10, text: 'edge flickers', media: 'm2' }),
      item({ id: 'b', frame: 4, text: 'grade darker', media: 'm1' }),
      item({ id: 'c', frame: 7, text: 'v2 fixed it', media: 'm3' }),
      item({ id: 'd', frame: 2, text: 'stray', media: 'gone' }),
    ];
    const html = shotsReportHtml(
      notesByShot(playlist, notes),
      {
        roomCode: 'ABCD-EFGH',
        exportedAt: context.exportedAt,
        timing: (id) => (id === 'i2' ? { fps: 24, frameStart: 1 } : null),
        noPictures: (id) => (id === null ? 'Not in the playlist: no picture' : null),
      },
      new Map([
        ['a', 'data:image/jpeg;base64,SH020'],
        ['c', 'data:image/jpeg;base64,V002'],
      ]),
    );
    expect(html).toContain('<title>Review notes — room ABCD-EFGH</title>');
    expect(html).toContain('4 notes · 3 shots · room ABCD-EFGH');
    const [sh010, sh020, other] = sections(html);
    expect([sh010?.name, sh020?.name, other?.name]).toEqual([
      'sh010_comp',
      'sh020_comp',
      'Other media',
    ]);
    // Shot 2's note only under shot 2, with shot 2's picture and its timecode.
    expect(sh020?.body).toContain('edge flickers');
    expect(sh020?.body).toContain('src="data:image/jpeg;base64,SH020"');
    expect(sh020?.body).toContain('00:00:00:09');
    expect(sh010?.body).not.toContain('edge flickers');
    expect(sh010?.body).not.toContain('SH020');
    expect(sh010?.body).toContain('No image');
    // Both versions of sh020 in one section, each under its own heading, in playlist order.
    expect(sh020?.body.indexOf('v1 · sh020_comp_v001.mov')).toBeLessThan(
      sh020?.body.indexOf('v2 · sh020_comp_v002.mov') ?? -1,
    );
    expect(sh020?.body.indexOf('SH020')).toBeLessThan(sh020?.body.indexOf('V002') ?? -1);
    expect(other?.body).toContain('Not in the playlist: no picture');
    // Print: one shot per page.
    expect(html.slice(html.indexOf('@media print'))).toContain('.shot+.shot{break-before:page}');
  });

  it('escapes the names of shots and items', () => {
    const html = shotsReportHtml(
      notesByShot([shot('i"1', '<b>sh010</b>_v001.mov', 'm1')], [item({ media: 'm1' })]),
      { roomCode: null, exportedAt: 0, timing: () => null, noPictures: () => null },
    );
    expect(html).not.toContain('<b>');
    expect(html).toContain('data-shot="&lt;b&gt;sh010&lt;/b&gt;"');
    expect(html).toContain('data-item-id="i&quot;1"');
  });
});

describe('exportFileName', () => {
  it('makes a safe name from the media and the date', () => {
    expect(exportFileName('shot 010.mov', 'csv', context.exportedAt)).toBe(
      'notes-shot-010-2026-11-26.csv',
    );
    expect(exportFileName('../../', 'json', context.exportedAt)).toBe(
      'notes-media-2026-11-26.json',
    );
  });
});
