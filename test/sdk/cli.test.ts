// The reelsync command run as a child process (through its bin shim) against the real server:
// room create, seek moving another client, events as JSON lines, notes export, the shell's JSON
// lines, push into the room's media library, and the documented exit codes.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import { connect, type ReelSyncClient } from '../../sdk/node';
import { startTestServer } from '../server/helpers/server';

const BIN = path.resolve(import.meta.dirname, '../../bin/reelsync.js');

let server: RunningServer;
const clients: ReelSyncClient[] = [];
const children: ChildProcessWithoutNullStreams[] = [];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: 'pipe' });
  children.push(child);
  return child;
}

function finished(child: ChildProcessWithoutNullStreams): Promise<Run> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const run = (args: string[]) => finished(start(args));

/** Collects stdout lines of a running child; `next` waits for a line matching. */
function lines(child: ChildProcessWithoutNullStreams) {
  const all: string[] = [];
  let buffer = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    all.push(...parts.filter(Boolean));
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    all,
    async next(match: (line: string) => boolean, timeoutMs = 90_000): Promise<string> {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = all.find(match);
        if (found) return found;
        if (Date.now() > end) throw new Error(`no matching line; got:\n${all.join('\n')}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
  };
}

async function sdkClient(): Promise<ReelSyncClient> {
  const c = await connect(server.url);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await server?.close();
});

// Each run starts Node and tsx: seconds on a loaded machine.
describe('reelsync command line', { timeout: 180_000 }, () => {
  it('room create --json prints a room that an SDK client can join', async () => {
    server = await startTestServer();
    const result = await run(['room', 'create', '--json', '--server', server.url, '--pin', '1357']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const created = JSON.parse(result.stdout) as {
      room: string;
      link: string;
      pinProtected: boolean;
    };
    expect(created.link).toBe(`${server.url}/?room=${created.room}`);
    expect(created.pinProtected).toBe(true);
    const guest = await sdkClient();
    const joined = await guest.joinRoom(created.room, { pin: '1357' });
    expect(joined.roomId).toBe(created.room);
  });

  it('link prints the deep link in both forms; a bad frame or room code exits 2', async () => {
    const at = ['--server', 'https://review.example/reelsync'];
    const [plain, json, badFrame, badRoom] = await Promise.all([
      run([
        'link',
        '--room',
        'k7qx-m2pd',
        '--frame',
        '1012',
        '--in',
        '1001',
        '--out',
        '1100',
        ...at,
      ]),
      run(['link', '--room', 'K7QX-M2PD', '--item', 'shot_010', '--json', ...at]),
      run(['link', '--room', 'K7QX-M2PD', '--frame', 'ten', ...at]),
      run(['link', '--room', 'nope', ...at]),
    ]);
    expect(plain.code).toBe(0);
    expect(plain.stdout.trim().split('\n')).toEqual([
      'https://review.example/reelsync/?room=K7QX-M2PD&frame=1012&in=1001&out=1100',
      'web+reelsync:?room=K7QX-M2PD&frame=1012&in=1001&out=1100',
    ]);
    expect(JSON.parse(json.stdout)).toEqual({
      room: 'K7QX-M2PD',
      link: 'https://review.example/reelsync/?room=K7QX-M2PD&item=shot_010',
      protocolLink: 'web+reelsync:?room=K7QX-M2PD&item=shot_010',
    });
    expect(badFrame.code).toBe(2);
    expect(badFrame.stderr).toContain('frame "ten" is not a frame number');
    expect(badRoom.code).toBe(2);
    expect(badRoom.stderr).toContain('is not a room code');
  });

  it('seek 100 moves a second client to frame 100, and events prints it as a JSON line', async () => {
    server = await startTestServer();
    const host = await sdkClient();
    const room = await host.createRoom({ name: 'Host' });
    const events = start(['events', '--room', room.roomId, '--server', server.url]);
    const out = lines(events);
    const first = JSON.parse(await out.next((line) => line.includes('"joined"'))) as {
      type: string;
      room: string;
    };
    expect(first.room).toBe(room.roomId);

    const result = await run(['seek', '100', '--room', room.roomId, '--server', server.url]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`joined room ${room.roomId} as participant`);
    expect(result.stdout).toContain('frame 100');
    expect(host.state?.motion.anchorFrame).toBe(100);

    const seen = JSON.parse(await out.next((line) => line.includes('"sync.playback"'))) as {
      type: string;
      payload: { motion: { anchorFrame: number } };
    };
    expect(seen.payload.motion.anchorFrame).toBe(100);
    events.kill('SIGINT');
    const ended = await new Promise<number | null>((resolve) => events.on('close', resolve));
    expect(ended).toBe(0);
  });

  it('notes export and the shell (JSON lines on stdin)', async () => {
    server = await startTestServer();
    const host = await sdkClient();
    const room = await host.createRoom({ name: 'Sup' });
    await host.addNote(24, 'grain too strong');
    const csv = await run([
      'notes',
      'export',
      '--format',
      'csv',
      '--room',
      room.roomId,
      '--server',
      server.url,
    ]);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n')[1]).toMatch(/^24,,Sup,grain too strong,/);

    const shell = start(['shell', '--room', room.roomId, '--server', server.url]);
    const done = finished(shell);
    shell.stdin.write(
      '{"cmd":"seek","frame":42}\n{"cmd":"note","frame":42,"text":"from the shell"}\n{"cmd":"bogus"}\nnot json either\n',
    );
    shell.stdin.end();
    const result = await done;
    expect(result.code).toBe(0);
    const answers = result.stdout
      .trim()
      .split('\n')
      .slice(-4, -1)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    // A word command is answered in words.
    const lastLine = result.stdout.trim().split('\n').at(-1);
    expect(answers[0]).toMatchObject({ ok: true, cmd: 'seek', result: { frame: 42 } });
    expect(answers[1]).toMatchObject({ ok: true, cmd: 'note' });
    expect(answers[2]).toMatchObject({ ok: false, cmd: 'bogus' });
    expect(lastLine).toBe('error: unknown command "not"; type help');
    expect(host.state?.motion.anchorFrame).toBe(42);
    expect(host.state?.notes.map((n) => n.text)).toContain('from the shell');
  });

  it('exits with distinct codes: unreachable 3, unknown room 4, bad PIN 5, viewer refused 6, usage 2', async () => {
    server = await startTestServer();
    const host = await sdkClient();
    const room = await host.createRoom({ pin: '9753' });
    const at = ['--server', server.url];

    // Independent runs, in parallel (each child starts Node and tsx).
    const [down, missing, badPin, viewer, usage, unknown, push, info] = await Promise.all([
      run(['seek', '1', '--room', room.roomId, '--server', 'http://127.0.0.1:1']),
      run(['room', 'info', '--room', 'ZZZZZZ', ...at]),
      run(['room', 'info', '--room', room.roomId, '--pin', '0000', ...at]),
      run(['seek', '5', '--room', room.roomId, '--pin', '9753', '--role', 'viewer', ...at]),
      run(['seek', 'ten', '--room', room.roomId, ...at]),
      run(['frobnicate', ...at]),
      run(['push', 'shot.webm', '--room', room.roomId, ...at]),
      run(['room', 'info', '--json', '--room', room.roomId, '--pin', '9753', ...at]),
    ]);
    expect(down.code).toBe(3);
    expect(down.stderr).toContain('cannot reach the server');
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('not found');
    expect(badPin.stderr).toContain('wrong PIN');
    expect(badPin.code).toBe(5);
    expect(viewer.code).toBe(6);
    expect(viewer.stderr).toContain('joined room');
    expect(viewer.stderr).toContain('as viewer');
    expect(viewer.stderr).toContain('refused by the room');
    expect(host.state?.motion.anchorFrame).toBe(1);
    expect(usage.code).toBe(2);
    expect(unknown.code).toBe(2);
    expect(push.code).toBe(2);
    expect(push.stderr).toContain('cannot read shot.webm');
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout)).toMatchObject({ room: room.roomId, role: 'viewer', frame: 1 });
  });

  it('push uploads a file into the room library; the server probes it; a refusal exits 6', async () => {
    server = await startTestServer();
    const host = await sdkClient();
    const room = await host.createRoom({ name: 'Host' });
    const clip = path.resolve(import.meta.dirname, '../../e2e/media/strip-48f-24fps.webm');
    const at = ['--room', room.roomId, '--server', server.url];

    // The host has not let participants add media: refused, nothing in the library.
    const refused = await run(['push', clip, ...at]);
    expect(refused.code).toBe(6);
    expect(refused.stderr).toContain('refused by the room');
    expect(host.library.items).toEqual([]);

    await host.library.setParticipantsMayAdd(true);
    const pushed = await run(['push', clip, '--json', ...at]);
    expect(pushed.stderr).toContain('uploaded');
    expect(pushed.code).toBe(0);
    const result = JSON.parse(pushed.stdout) as {
      id: string;
      state: string;
      media: { frames: number; fps: number } | null;
    };
    expect(result.state).toBe('ready');
    expect(result.media).toMatchObject({ frames: 48, fps: 24 });
    const item = await host.library.waitFor(result.id, (entry) => entry.state === 'ready', 20_000);
    expect(item.name).toBe('strip-48f-24fps.webm');
    // rvpush: the pushed shot is the room's current shot, described from what the server probed.
    expect(pushed.stderr).toContain("is now the room's shot");
    expect(host.state?.media).toMatchObject({
      fingerprint: result.id,
      frameStart: 1,
      frameEnd: 48,
      fps: 24,
    });
    // The bytes are the file's, served to members with a media token.
    const { token } = await host.library.mediaToken();
    const served = await fetch(host.library.mediaUrl(result.id, token));
    expect(served.status).toBe(200);
    expect(Number(served.headers.get('content-length'))).toBe((await readFile(clip)).length);

    // The same file again: the server has it, nothing is sent.
    const again = await run(['push', clip, '--add-only', ...at]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already has');
    expect(again.stderr).not.toContain("room's shot");
  });
});
