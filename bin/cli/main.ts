// The reelsync command line: parses flags, runs one command, exits with a documented code
// (bin/cli/exitCodes.ts). Entry: bin/reelsync.js.
import { parseArgs } from 'node:util';
import { EXIT, UsageError, exitCodeFor, explain } from './exitCodes';
import { HELP } from './help';
import { events, link, notesExport, playbackCommand, roomCreate, roomInfo } from './commands';
import { push } from './push';
import { shell } from './shell';
import { stream, type StreamFlags } from './stream';
import type { Flags, Output } from './context';

const io: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

function parse(argv: string[]): {
  flags: Flags;
  positionals: string[];
  help: boolean;
  streamFlags: StreamFlags;
} {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      server: { type: 'string', default: 'http://localhost:8080' },
      token: { type: 'string' },
      room: { type: 'string' },
      pin: { type: 'string' },
      name: { type: 'string', default: 'reelsync-cli' },
      role: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      json: { type: 'boolean', default: false },
      'add-only': { type: 'boolean', default: false },
      item: { type: 'string' },
      frame: { type: 'string' },
      in: { type: 'string' },
      out: { type: 'string' },
      fps: { type: 'string' },
      'from-dir': { type: 'string' },
      stdin: { type: 'boolean', default: false },
      size: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.role !== undefined && values.role !== 'participant' && values.role !== 'viewer')
    throw new UsageError('reelsync: --role must be participant or viewer.');
  try {
    new URL(values.server);
  } catch {
    throw new UsageError(
      `reelsync: --server "${values.server}" is not a URL (e.g. http://localhost:8080).`,
    );
  }
  const flags: Flags = {
    server: values.server,
    name: values.name,
    format: values.format,
    json: values.json,
    addOnly: values['add-only'],
    // The env var keeps the token out of the process list.
    ...((values.token ?? process.env['REELSYNC_TOKEN'])
      ? { token: values.token ?? process.env['REELSYNC_TOKEN'] }
      : {}),
    ...(values.room ? { room: values.room } : {}),
    ...(values.pin ? { pin: values.pin } : {}),
    ...(values.role ? { role: values.role } : {}),
    ...(values.item !== undefined ? { item: values.item } : {}),
    ...(values.frame !== undefined ? { frame: values.frame } : {}),
    ...(values.in !== undefined ? { in: values.in } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
  };
  const streamFlags: StreamFlags = {
    fps: values.fps,
    fromDir: values['from-dir'],
    stdin: values.stdin,
    size: values.size,
  };
  return { flags, positionals, help: values.help, streamFlags };
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    const message =
      error instanceof UsageError ? error.message : `reelsync: ${(error as Error).message}`;
    io.err(`${message}\nRun reelsync --help for usage.`);
    return EXIT.USAGE;
  }
  const { flags, positionals, help, streamFlags } = parsed;
  const [command, ...args] = positionals;
  if (help || !command) {
    (command || help ? io.out : io.err)(HELP);
    return help ? EXIT.OK : EXIT.USAGE;
  }
  try {
    switch (`${command} ${args[0] ?? ''}`.trim()) {
      case 'room create':
        await roomCreate(flags, io);
        break;
      case 'room info':
        await roomInfo(flags, io);
        break;
      case 'notes export':
        await notesExport(flags, io);
        break;
      default:
        switch (command) {
          case 'seek':
            await playbackCommand(flags, io, 'seek', args[0]);
            break;
          case 'play':
          case 'pause':
            await playbackCommand(flags, io, command);
            break;
          case 'events':
            await events(flags, io);
            break;
          case 'link':
            link(flags, io);
            break;
          case 'shell':
            await shell(flags, io);
            break;
          case 'push':
            await push(flags, io, args);
            break;
          case 'stream':
            await stream(flags, io, streamFlags);
            break;
          default:
            throw new UsageError(
              `reelsync: unknown command "${positionals.join(' ')}". Run reelsync --help.`,
            );
        }
    }
    return EXIT.OK;
  } catch (error) {
    io.err(explain(error, { server: flags.server, ...(flags.room ? { room: flags.room } : {}) }));
    return exitCodeFor(error);
  }
}

process.exitCode = await main(process.argv.slice(2));
