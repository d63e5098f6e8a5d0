import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ERRORS, Upload } from '@tus/server';
import { afterEach, describe, expect, it } from 'vitest';
import { BufferedFileStore } from './uploadFileStore';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function storeWithUpload(size: number) {
  const directory = mkdtempSync(path.join(tmpdir(), 'reelsync-upload-store-'));
  dirs.push(directory);
  const store = new BufferedFileStore({ directory });
  await store.create(new Upload({ id: 'abc123', size, offset: 0 }));
  return { store, file: path.join(directory, 'abc123') };
}

describe('BufferedFileStore', () => {
  it('appends each PATCH body at its offset and returns the new offset', async () => {
    const body = Buffer.from(Array.from({ length: 3_000_000 }, (_, i) => i % 251));
    const { store, file } = await storeWithUpload(body.length);
    const first = body.subarray(0, 1_000_000);
    // Many small chunks, as a socket delivers them.
    const chunks = Array.from({ length: 2_000 }, (_, i) =>
      body.subarray(1_000_000 + i * 1_000, 1_000_000 + (i + 1) * 1_000),
    );
    expect(await store.write(Readable.from([first]), 'abc123', 0)).toBe(1_000_000);
    expect(await store.write(Readable.from(chunks), 'abc123', 1_000_000)).toBe(3_000_000);
    expect(readFileSync(file).equals(body)).toBe(true);
    expect((await store.getUpload('abc123')).offset).toBe(3_000_000);
  });

  it('a body that breaks off keeps what arrived and fails with the store error', async () => {
    const { store } = await storeWithUpload(10_000);
    const broken = new Readable({ read() {} });
    broken.push(Buffer.alloc(4_000, 7));
    setTimeout(() => broken.destroy(new Error('socket hang up')), 10);
    await expect(store.write(broken, 'abc123', 0)).rejects.toBe(ERRORS.FILE_WRITE_ERROR);
    expect((await store.getUpload('abc123')).offset).toBe(4_000);
  });

  it('refuses an id that leaves the upload folder', async () => {
    const { store } = await storeWithUpload(10);
    await expect(store.write(Readable.from([Buffer.alloc(10)]), '../x', 0)).rejects.toBe(
      ERRORS.FILE_NOT_FOUND,
    );
  });
});
