import { describe, expect, it } from 'vitest';
import { LutStore, type LutStatus } from './LutStore';

const REF = { id: 'd'.repeat(64), name: 'show.cube' };
const CUBE = 'LUT_1D_SIZE 2\n0 0 0\n1 1 1\n';

describe('LutStore', () => {
  it('waits for the room library, then reads the LUT once it is there', async () => {
    let available = false;
    const store = new LutStore(async () => (available ? CUBE : 'waiting'));
    const seen: LutStatus['state'][] = [];
    store.on('changed', (status) => seen.push(status.state));
    expect(store.get(REF)).toBeNull();
    await expect.poll(() => store.status(REF)?.state).toBe('waiting');
    available = true;
    store.retryWaiting();
    await expect.poll(() => store.status(REF)?.state).toBe('ready');
    expect(store.get(REF)?.lut1d?.size).toBe(2);
    expect(seen).toEqual(['loading', 'waiting', 'loading', 'ready']);
  });

  it('says why a fetched LUT cannot be used', async () => {
    const store = new LutStore(async () => 'LUT_3D_SIZE 2\n0 0 0\n');
    store.get(REF);
    await expect.poll(() => store.status(REF)?.state).toBe('failed');
    const status = store.status(REF);
    expect(status?.state === 'failed' && status.message).toMatch(/^show.cube: .*cut short/);
  });

  it('keeps a LUT the user chose without fetching it', () => {
    const store = new LutStore(() => Promise.reject(new Error('no fetch expected')));
    store.add(REF, CUBE);
    expect(store.get(REF)?.lut1d?.data.length).toBe(6);
    expect(() => store.add({ ...REF, id: 'e'.repeat(64) }, 'nope')).toThrow(/unknown keyword/);
  });
});
