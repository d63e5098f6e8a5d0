// Writes the protocol's JSON Schemas to docs/schema/ (run `npm run schema` after changing src/protocol/).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROTOCOL_VERSION, protocolJsonSchemas } from '../src/protocol/index';

const outDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'schema');
await mkdir(outDir, { recursive: true });
const schemas = protocolJsonSchemas();
for (const direction of ['client', 'server'] as const) {
  const file = path.join(outDir, `v${PROTOCOL_VERSION}-${direction}-message.schema.json`);
  await writeFile(file, JSON.stringify(schemas[direction], null, 2) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
