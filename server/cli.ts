// Command-line entry: `npm start` runs this after building the player.
import { parseArgs } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './index';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    'static-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(`Usage: npm start -- [options]

  --port, -p <n>      port to listen on (env PORT, default 8080; 0 = any free port)
  --host <addr>       address to bind (env HOST, default 0.0.0.0)
  --static-dir <dir>  built player to serve (env STATIC_DIR, default dist/)
  --help, -h          show this help`);
  process.exit(0);
}

const port = Number(values.port ?? process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port: ${values.port ?? process.env.PORT}`);
  process.exit(2);
}

const server = await startServer({
  port,
  host: values.host ?? process.env.HOST ?? '0.0.0.0',
  staticDir: values['static-dir'] ?? process.env.STATIC_DIR ?? path.join(projectRoot, 'dist'),
}).catch((error: unknown) => {
  console.error(`Could not start the server: ${(error as Error).message}`);
  process.exit(1);
});

console.log(`ReelSync is running at ${server.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
