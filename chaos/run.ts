// npm run chaos — the reliability suite: the attacks of the hardening review and faults during
// a review (impaired network, killed server, instance and Redis, join storm, slow consumer),
// each against real server processes on loopback, with a table of what held.
//   npm run chaos                     every scenario (about 6 minutes)
//   npm run chaos -- --quick          shorter phases, fewer clients (about 2 minutes)
//   npm run chaos -- --only "PIN race,join storm"
//   npm run chaos -- --soak 30m [--clients 200]   the soak run instead
// Results also go to bench/results/chaos-<time>.json (ignored by git).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTable, type Row } from './lib/row';
import { ATTACKS } from './scenarios/attacks';
import { FAULTS } from './scenarios/faults';
import { soak } from './scenarios/soak';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};

function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new Error(`--soak takes a duration like 30m, 90s or 1h (got "${text}")`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 'm'] ?? 60_000;
  return Number(match[1]) * unit;
}

const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bench/results');
const stamp = new Date().toISOString().replace(/[:.]/g, '-');

async function main(): Promise<number> {
  const soakText = flag('--soak');
  if (soakText !== undefined) {
    const durationMs = parseDuration(soakText);
    const clients = Number(flag('--clients') ?? 200);
    console.log(`soak: ${clients} clients for ${soakText}`);
    console.log('| minute | RSS MB | p50 ms | p99 ms | deliveries | connected |');
    console.log('|--------|--------|--------|--------|------------|-----------|');
    const samples = await soak(
      durationMs,
      clients,
      (s) =>
        console.log(
          `| ${s.minute} | ${s.rssMb} | ${s.p50Ms} | ${s.p99Ms} | ${s.delivered} | ${s.connected}/${clients} |`,
        ),
      Math.min(60_000, Math.max(5000, durationMs / 10)),
    );
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(
      path.join(resultsDir, `chaos-soak-${stamp}.json`),
      JSON.stringify(samples, null, 2),
    );
    return 0;
  }

  const quick = args.includes('--quick');
  const only = flag('--only')
    ?.split(',')
    .map((name) => name.trim().toLowerCase());
  const scenarios = [...ATTACKS, ...FAULTS].filter(
    (scenario) => !only || only.includes(scenario.name.toLowerCase()),
  );
  if (scenarios.length === 0) {
    console.error(
      `no scenario matches --only; the names: ${[...ATTACKS, ...FAULTS].map((s) => s.name).join(', ')}`,
    );
    return 2;
  }
  const context = {
    quick,
    seconds: (full: number) => (quick ? Math.max(2, Math.round(full / 3)) : full),
  };
  const rows: Row[] = [];
  const started = performance.now();
  for (const scenario of scenarios) {
    const t0 = performance.now();
    process.stdout.write(`${scenario.name}… `);
    try {
      const row = await scenario.run(context);
      rows.push(row);
      console.log(
        `${row.held ? 'held' : 'FELL'} (${Math.round((performance.now() - t0) / 1000)} s): ${row.figure}`,
      );
    } catch (error) {
      rows.push({
        scenario: scenario.name,
        tried: 'did not complete',
        acknowledged: null,
        present: null,
        peakRssMb: null,
        figure: error instanceof Error ? error.message : String(error),
        held: false,
      });
      console.log(`ERROR: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(`\n${printTable(rows)}\n`);
  console.log(
    `${rows.filter((row) => row.held).length}/${rows.length} held in ${Math.round((performance.now() - started) / 1000)} s`,
  );
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, `chaos-${stamp}.json`), JSON.stringify(rows, null, 2));
  return rows.every((row) => row.held) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
