// One line of the chaos table.
export interface Row {
  scenario: string;
  /** What was tried: attacks made, faults injected. */
  tried: string;
  /** Changes the server acknowledged during it ('' when not a review). */
  acknowledged: number | null;
  /** Of those, present afterwards. */
  present: number | null;
  peakRssMb: number | null;
  /** The figure that matters for it (e.g. "5 of 1000 guesses checked"). */
  figure: string;
  held: boolean;
}

export const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export function printTable(rows: Row[]): string {
  const header = ['scenario', 'tried', 'acked', 'present', 'peak RSS', 'figure', 'result'];
  const lines = rows.map((row) => [
    row.scenario,
    row.tried,
    row.acknowledged === null ? '–' : String(row.acknowledged),
    row.present === null ? '–' : String(row.present),
    row.peakRssMb === null ? '–' : `${row.peakRssMb} MB`,
    row.figure,
    row.held ? 'held' : 'FELL',
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...lines.map((line) => line[i]?.length ?? 0)),
  );
  const format = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    format(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...lines.map(format),
  ].join('\n');
}
