// The contract between the benchmark runner (bench/run.ts) and each benchmark module.

export interface BenchContext {
  /** --quick: a short pass for a developer before a commit (the whole run under 2 minutes). */
  quick: boolean;
  /** Where this run writes its JSON (bench/results/<run-id>/). */
  outDir: string;
  /** The built player (dist/), for browser benchmarks. */
  distDir: string;
  /** Progress lines go here (stderr), never to the summary. */
  log(line: string): void;
}

export interface BenchTable {
  columns: string[];
  rows: Array<Array<string | number>>;
}

export interface BenchResult {
  /** Stable key, also the JSON file name: e.g. "latency". */
  name: string;
  /** Heading in the Markdown summary. */
  title: string;
  /** One or more tables printed to stdout and written to the summary. */
  tables: Array<{ caption: string } & BenchTable>;
  /** Targets from the issue and whether this run met them (reported, never asserted). */
  targets: Array<{ target: string; measured: string; met: boolean }>;
  /** Raw figures (samples summarised, parameters) for the JSON file. */
  data: unknown;
  /** What limited the numbers, caveats of this run. */
  notes: string[];
}

export interface Benchmark {
  name: string;
  /** Short description for --help and --list. */
  description: string;
  run(context: BenchContext): Promise<BenchResult>;
}
