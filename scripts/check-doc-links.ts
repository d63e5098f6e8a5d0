// Fails (run by `npm run lint`) when a tracked file names a Markdown document that is not in the
// repository, or a Markdown file has a relative link whose target does not exist.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Files that `npm run bench` writes into the ignored bench/results/: output, not documents.
const GENERATED = new Set(['summary.md', 'latest.md']);

const SELF = 'scripts/check-doc-links.ts';
const SCANNED = /\.(md|ts|js|css|html|sh|json)$/;
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  // This file is skipped: its allow-list names the missing documents on purpose.
  .filter((file) => SCANNED.test(file) && file !== 'package-lock.json' && file !== SELF)
  .filter((file) => existsSync(path.join(root, file)));
const basenames = new Set(tracked.map((file) => path.basename(file)));

/** Does `target` (as written in `file`) name something in the repository? */
function exists(file: string, target: string): boolean {
  const clean = decodeURI(target.split('#')[0] ?? '');
  if (clean === '' || GENERATED.has(path.basename(clean))) return true;
  if (existsSync(path.resolve(root, path.dirname(file), clean))) return true;
  if (existsSync(path.resolve(root, clean))) return true;
  // A bare name ("performance.md") is fine when exactly such a file is tracked somewhere.
  return !clean.includes('/') && basenames.has(clean);
}

const problems: string[] = [];
for (const file of tracked) {
  const text = readFileSync(path.join(root, file), 'utf8');
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const where = `${file}:${index + 1}`;
    const report = (target: string, why: string) => problems.push(`${where}: ${why} ${target}`);
    if (file.endsWith('.md')) {
      for (const match of line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = match[1] ?? '';
        if (/^([a-z]+:|#)/i.test(target)) continue; // URLs, mailto:, same-page anchors
        if (!exists(file, target)) report(target, 'broken relative link');
      }
    }
    for (const match of line.matchAll(/(?<![\w/.:-])([\w./-]*[\w-]\.md)\b(?!\w)/g)) {
      const target = match[1] ?? '';
      if (target.includes('://') || target.startsWith('*')) continue;
      if (!exists(file, target)) report(target, 'names a document not in the repository:');
    }
  });
}

if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(`\n${problems.length} reference(s) to documents that are not in the repository`);
  process.exit(1);
}
console.log(`doc links: ${tracked.length} files checked`);
