// Turns benchmark results into the Markdown summary (also printed) and JSON files.
import type { BenchResult, BenchTable } from './types';

function cell(value: string | number): string {
  return String(value).replaceAll('|', '\\|');
}

export function markdownTable(table: BenchTable): string {
  const lines = [
    `| ${table.columns.map(cell).join(' | ')} |`,
    `| ${table.columns.map(() => '---').join(' | ')} |`,
    ...table.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
  return lines.join('\n');
}

export function resultMarkdown(result: BenchResult, command: string): string {
  const parts = [`### ${result.title}`, '', `Command: \`${command}\``, ''];
  for (const table of result.tables) parts.push(`${table.caption}:`, '', markdownTable(table), '');
  if (result.targets.length > 0) {
    parts.push(
      markdownTable({
        columns: ['target', 'measured', 'met'],
        rows: result.targets.map((t) => [t.target, t.measured, t.met ? 'yes' : 'no']),
      }),
      '',
    );
  }
  for (const note of result.notes) parts.push(`- ${note}`);
  if (result.notes.length > 0) parts.push('');
  return parts.join('\n');
}

export interface RunInfo {
  startedAt: string;
  mode: 'quick' | 'full';
  machine: string;
  durationS: number;
  failures: Array<{ name: string; error: string }>;
}

export function summaryMarkdown(
  results: Array<{ result: BenchResult; command: string }>,
  info: RunInfo,
): string {
  const parts = [
    `## Latest ${info.mode} run`,
    '',
    `Run ${info.startedAt} (${info.mode} mode, ${Math.round(info.durationS)} s) on ${info.machine}.`,
    '',
  ];
  for (const { result, command } of results) parts.push(resultMarkdown(result, command));
  for (const failure of info.failures)
    parts.push(`### ${failure.name}: FAILED`, '', '```', failure.error, '```', '');
  return parts.join('\n');
}
