// `reelsync shell`: an interactive prompt on one room connection (like OpenRV's rvshell). Each
// line is a command in words ("seek 100") or a JSON object ({"cmd":"seek","frame":100}); a JSON
// line is answered with one JSON line, a word command with text (JSON with --json).
import { createInterface } from 'node:readline';
import type { ReelSyncClient } from '../../sdk/node';
import { explain } from './exitCodes';
import { formatSummary, parseFormat, parseFrame, summary } from './commands';
import { joinFromFlags, shareLink, type Flags, type Output } from './context';

export const SHELL_HELP = `commands (words, or JSON like {"cmd":"seek","frame":100}):
  seek <frame>          {"cmd":"seek","frame":N}
  play | pause          {"cmd":"play"}
  speed <x>             {"cmd":"speed","speed":2}
  loop loop|once|pingpong   {"cmd":"loop","mode":"once"}
  inout <in> <out>      {"cmd":"inout","in":10,"out":50}
  note <frame> <text>   {"cmd":"note","frame":N,"text":"..."}
  info                  {"cmd":"info"}
  export csv|json|html  {"cmd":"export","format":"csv"}
  link | help | quit`;

type Command = { cmd: string } & Record<string, unknown>;

/** A word line as the same object a JSON line gives. */
export function parseWords(line: string): Command {
  const [cmd = '', ...rest] = line.trim().split(/\s+/);
  switch (cmd) {
    case 'seek':
      return { cmd, frame: rest[0] };
    case 'speed':
      return { cmd, speed: rest[0] };
    case 'loop':
      return { cmd, mode: rest[0] };
    case 'inout':
      return { cmd, in: rest[0], out: rest[1] };
    case 'note':
      return { cmd, frame: rest[0], text: rest.slice(1).join(' ') };
    case 'export':
      return { cmd, format: rest[0] ?? 'csv' };
    default:
      return { cmd };
  }
}

async function run(client: ReelSyncClient, flags: Flags, command: Command): Promise<unknown> {
  const num = (value: unknown) => parseFrame(value === undefined ? undefined : String(value));
  switch (command.cmd) {
    case 'seek':
      await client.seek(num(command.frame));
      return summary(client);
    case 'play':
      await client.play();
      return summary(client);
    case 'pause':
      await client.pause();
      return summary(client);
    case 'speed': {
      const speed = Number(command.speed);
      if (!Number.isFinite(speed)) throw new Error('speed needs a number, e.g. speed 2');
      await client.setSpeed(speed);
      return summary(client);
    }
    case 'loop': {
      const mode = String(command.mode);
      if (mode !== 'loop' && mode !== 'once' && mode !== 'pingpong')
        throw new Error('loop needs loop, once or pingpong');
      await client.setLoop(mode);
      return summary(client);
    }
    case 'inout':
      await client.setInOut(num(command.in), num(command.out));
      return summary(client);
    case 'note': {
      const text = String(command.text ?? '').trim();
      if (!text) throw new Error('note needs a frame and text, e.g. note 100 fix the edge');
      return { id: await client.addNote(num(command.frame), text) };
    }
    case 'info':
      return summary(client);
    case 'export':
      return { text: client.exportNotes(parseFormat(String(command.format ?? 'csv'))) };
    case 'link':
      return { link: shareLink(flags.server, client.room?.roomId ?? '') };
    case 'help':
      return { help: SHELL_HELP };
    default:
      throw new Error(`unknown command "${command.cmd}"; type help`);
  }
}

function render(result: unknown): string {
  if (result && typeof result === 'object') {
    const record = result as Record<string, unknown>;
    if (typeof record.help === 'string') return record.help;
    if (typeof record.text === 'string') return record.text;
    if (typeof record.link === 'string') return record.link;
    if (typeof record.id === 'string') return `note ${record.id} added`;
    if ('room' in record) return formatSummary(result as ReturnType<typeof summary>);
  }
  return String(result);
}

export async function shell(flags: Flags, io: Output): Promise<void> {
  const { client, info } = await joinFromFlags(flags, io, true);
  const interactive = process.stdin.isTTY === true;
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: interactive,
  });
  const prompt = () => interactive && rl.prompt();
  rl.setPrompt(`reelsync ${info.roomId}> `);
  if (interactive) io.out('type help for commands, quit to leave');
  prompt();
  client.on('ended', () => {
    io.err('reelsync: the room ended');
    rl.close();
  });
  for await (const raw of rl) {
    const line = raw.trim();
    if (!line) {
      prompt();
      continue;
    }
    const isJson = line.startsWith('{');
    let command: Command;
    try {
      command = isJson ? (JSON.parse(line) as Command) : parseWords(line);
      if (typeof command?.cmd !== 'string') throw new Error('a JSON command needs "cmd"');
    } catch (error) {
      io.out(JSON.stringify({ ok: false, error: `not a command: ${(error as Error).message}` }));
      prompt();
      continue;
    }
    if (command.cmd === 'quit' || command.cmd === 'exit') break;
    try {
      const result = await run(client, flags, command);
      io.out(
        isJson || flags.json
          ? JSON.stringify({ ok: true, cmd: command.cmd, result })
          : render(result),
      );
    } catch (error) {
      const message = explain(error, { server: flags.server, room: info.roomId }).replace(
        /^reelsync: /,
        '',
      );
      const code = (error as { code?: unknown }).code;
      io.out(
        isJson || flags.json
          ? JSON.stringify({
              ok: false,
              cmd: command.cmd,
              error: message,
              ...(typeof code === 'string' ? { code } : {}),
            })
          : `error: ${message}`,
      );
    }
    prompt();
  }
  rl.close();
  await client.close();
}
