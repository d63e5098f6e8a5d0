// The reelsync command line against a room a browser hosts (issue #19): `reelsync seek 100`
// run as its own process puts the host's picture on frame 100 (read from the canvas pixels),
// and a viewer's refused seek leaves it where it is.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { sampleFrame } from './helpers/frameStrip';
import {
  api,
  byId,
  closeAll,
  createRoom,
  openPerson,
  usersCount,
  type Person,
} from './helpers/network';

const BIN = path.resolve(import.meta.dirname, '../bin/reelsync.js');

function reelsync(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let people: Person[] = [];
test.afterEach(async () => {
  await closeAll(...people);
  people = [];
});

test('reelsync seek 100 --room CODE --server URL puts the hosting browser on frame 100', async ({
  browser,
  baseURL,
  server,
}) => {
  test.setTimeout(120_000);
  const host = await openPerson(browser, baseURL ?? '', { name: 'Host' });
  people.push(host);
  const code = await createRoom(host.page);
  expect((await sampleFrame(host.page)).decoded).toBe(1);

  const seek = await reelsync(['seek', '100', '--room', code, '--server', server.url]);
  expect(seek.stderr).toContain(`joined room ${code} as participant`);
  expect(seek.code).toBe(0);
  await expect.poll(async () => (await sampleFrame(host.page)).decoded).toBe(100);
  // The CLI left the room when it was done: the host is alone again.
  await expect.poll(() => usersCount(host.page)).toBe(1);

  const refused = await reelsync([
    'seek',
    '7',
    '--role',
    'viewer',
    '--room',
    code,
    '--server',
    server.url,
  ]);
  expect(refused.code).toBe(6);
  expect(refused.stderr).toContain('refused by the room');
  expect((await sampleFrame(host.page)).decoded).toBe(100);
});

test('reelsync push puts a file into the room library and the hosting browser plays it', async ({
  browser,
  baseURL,
  server,
}) => {
  test.setTimeout(120_000);
  const clip = path.resolve(import.meta.dirname, 'media', 'strip-48f-24fps.webm');
  const sha = createHash('sha256').update(readFileSync(clip)).digest('hex');
  const host = await openPerson(browser, baseURL ?? '', { name: 'Host' });
  people.push(host);
  const code = await createRoom(host.page);
  // The host shows its own media (not the start-up demo clip) and lets participants add.
  const sequence = [1001, 1002, 1003, 1004, 1005].map((n) =>
    path.resolve(import.meta.dirname, 'media', `shot.${n}.png`),
  );
  await byId(host.page, 'media-input').setInputFiles(sequence);
  await expect.poll(() => api<number>(host.page, '(r) => r.session.frameEnd')).toBe(1005);
  await byId(host.page, 'library-button').click();
  await byId(host.page, 'library-participants-may-add').check();

  const push = await reelsync(['push', clip, '--room', code, '--server', server.url]);
  expect(push.code).toBe(0);
  expect(push.stdout).toContain('ready');
  // The pushed shot became the room's shot: the host's page streams it from the library.
  await expect
    .poll(() => api<string | null>(host.page, '(r) => r.media.info?.fingerprint ?? null'))
    .toBe(sha);
  expect(await api<number>(host.page, '(r) => r.session.frameEnd')).toBe(48);
  await expect(byId(host.page, 'library-item')).toHaveAttribute('data-current', 'true');
  const seek = await reelsync(['seek', '40', '--room', code, '--server', server.url]);
  expect(seek.code).toBe(0);
  await expect.poll(async () => (await sampleFrame(host.page)).decoded).toBe(40);
});
