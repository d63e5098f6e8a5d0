// Proves the compiler guards the layers (run by `npm run typecheck` after `tsc -b`): writes probe
// files that break a layer rule, asserts the project that owns each rejects it with the expected
// error and accepts a harmless control file in the same place, then removes the probes.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Probe {
  what: string;
  /** The tsconfig.<target>.json that must own the probe file. */
  project: string;
  /** Probe file, relative to the repository root. */
  file: string;
  source: string;
  /** Diagnostic codes of which at least one must be reported. */
  expectedCodes: number[];
}

/** Any production module under src/ui/, so the probe survives renames inside it. */
function someUiModule(): string {
  const entry = readdirSync(path.join(root, 'src/ui'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .sort()[0];
  if (!entry) throw new Error('check-layers: no module found under src/ui/');
  return `../src/ui/${entry.replace(/\\/g, '/').replace(/\.ts$/, '')}`;
}

const PROBES: Probe[] = [
  {
    what: 'a node: import in src/network',
    project: 'tsconfig.shared.json',
    file: 'src/network/layerProbe.ts',
    source: "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n",
    expectedCodes: [2307, 2591], // Cannot find module / name (…do you need @types/node?)
  },
  {
    what: 'a document use in src/protocol',
    project: 'tsconfig.shared.json',
    file: 'src/protocol/layerProbe.ts',
    source: 'export const probe = document.title;\n',
    expectedCodes: [2304, 2584], // Cannot find name (…do you need the 'dom' lib?)
  },
  {
    what: 'a node: import in the SDK (it must run in browsers too)',
    project: 'tsconfig.sdk.json',
    file: 'sdk/layerProbe.ts',
    source: "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n",
    expectedCodes: [2307, 2591],
  },
  {
    what: 'a server file importing src/ui',
    project: 'tsconfig.server.json',
    file: 'server/layerProbe.ts',
    source: `import * as ui from '${someUiModule()}';\nexport const probe = ui;\n`,
    expectedCodes: [6307], // File is not listed within the file list of project
  },
];

const CONTROL_SOURCE = 'export const probe = [1, 2, 3].map((n) => n * 2);\n';

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (name) => name,
  getCurrentDirectory: () => root,
  getNewLine: () => '\n',
};

/** Compiles just `file` with the options and references of `project`; returns its errors. */
function compileProbe(project: string, file: string, source: string): readonly ts.Diagnostic[] {
  const absolute = path.join(root, file);
  writeFileSync(absolute, source);
  try {
    const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, project), undefined, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.formatDiagnostic(d, formatHost));
      },
    });
    if (!parsed) throw new Error(`check-layers: cannot read ${project}`);
    if (!parsed.fileNames.includes(absolute)) {
      throw new Error(`check-layers: ${file} is not part of ${project}; the probe proves nothing`);
    }
    // The project's own ambient files (src/shared-globals.d.ts) plus the probe.
    const rootNames = [...parsed.fileNames.filter((name) => name.endsWith('.d.ts')), absolute];
    const program = ts.createProgram({
      rootNames,
      options: { ...parsed.options, noEmit: true },
      projectReferences: parsed.projectReferences,
    });
    return ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.category === ts.DiagnosticCategory.Error);
  } finally {
    rmSync(absolute, { force: true });
  }
}

let failed = false;
for (const probe of PROBES) {
  const control = compileProbe(probe.project, probe.file, CONTROL_SOURCE);
  if (control.length > 0) {
    failed = true;
    console.error(`✗ control file at ${probe.file} does not compile in ${probe.project}:`);
    console.error(ts.formatDiagnostics(control, formatHost));
    continue;
  }
  const errors = compileProbe(probe.project, probe.file, probe.source);
  const hit = errors.find((d) => probe.expectedCodes.includes(d.code));
  if (hit) {
    const message = ts.flattenDiagnosticMessageText(hit.messageText, ' ');
    console.log(`✓ rejected ${probe.what} (TS${hit.code}: ${message.slice(0, 100)})`);
  } else {
    failed = true;
    console.error(
      `✗ ${probe.project} accepted ${probe.what}; expected TS${probe.expectedCodes.join('/TS')}`,
    );
    if (errors.length > 0) console.error(ts.formatDiagnostics(errors, formatHost));
  }
}
if (failed) process.exit(1);
