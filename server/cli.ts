// Command-line entry: `npm start` runs this after building the player. Options come from
// flags, then environment variables, then defaults (see server/config.ts and --help).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, helpText, parseConfig, resolveStaticDir } from './config';
import { startupBanner } from './banner';
import { startServer } from './index';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let parsed: ReturnType<typeof parseConfig>;
try {
  parsed = parseConfig(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}
if (parsed.help) {
  console.log(helpText());
  process.exit(0);
}

const { config } = parsed;
const server = await startServer({
  ...config,
  staticDir: resolveStaticDir(config, projectRoot),
}).catch((error: unknown) => {
  console.error(`Could not start the server: ${(error as Error).message}`);
  process.exit(1);
});

console.log(startupBanner(server));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
