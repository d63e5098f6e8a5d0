// The reelsync command line against a room a browser hosts (issue #19): `reelsync seek 100`
// run as its own process puts the host's picture on frame 100 (read from the canvas pixels),
// and a viewer's refused seek leaves it where it is.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { expect, test } from './fixtures';
import { sampleFrame } from './helpers/frameStrip';
import { closeAll, createRoom, openPerson, usersCount, type Person } from './helpers/network';

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
