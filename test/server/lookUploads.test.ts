// Look files through the real server's media library: a .cube LUT and an ASC CDL are kept as
// they are (no ffprobe, never NOT_MEDIA), marked as looks, served as text/XML to members, and
// refused as the room's shot; a text file named .cube that is no LUT is still NOT_MEDIA.
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/index';
import { itemWhere, mediaMember, register, sha256, tusUpload } from './helpers/media';
import { startTestServer } from './helpers/server';
import type { TestClient } from './helpers/TestClient';

const servers: RunningServer[] = [];
const clients: TestClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all(servers.map((server) => server.close()));
});

const CUBE = Buffer.from(`TITLE "warm"\nLUT_3D_SIZE 2\n${'0 0 0\n1 0.9 0.8\n'.repeat(4)}`);
const CC = Buffer.from(
  '<?xml version="1.0"?>\n<ColorCorrection id="sh010"><SOPNode><Slope>1 1 1</Slope><Offset>0 0 0</Offset><Power>1 1 1</Power></SOPNode></ColorCorrection>\n',
);

describe('look files in the room library', () => {
  it('keeps a .cube and a .cc as looks, serves them and refuses them as the shot', async () => {
    const server = await startTestServer();
    servers.push(server);
    const host = await mediaMember(server);
    clients.push(host.client);
    for (const [bytes, name, kind, type] of [
      [CUBE, 'warm.cube', 'cube', 'text/plain; charset=utf-8'],
      [CC, 'sh010.cc', 'cdl', 'application/xml'],
    ] as const) {
      const sha = sha256(bytes);
      await register(host.client, bytes, name);
      await tusUpload(server.url, bytes, {
        filename: name,
        sha256: sha,
        room: host.roomId,
        token: host.token,
      });
      const item = await itemWhere(host.client, sha, (entry) => entry.state === 'ready');
      expect(item).toMatchObject({ look: kind, browserPlayable: false, thumbnail: false });
      expect(item.media).toBeUndefined();
      const response = await fetch(
        `${server.url}/api/media/${sha}?token=${encodeURIComponent(host.token)}`,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
      const refused = await host.client.errorFor(host.client.send('library.open', { id: sha }));
      expect(refused.payload.message).toMatch(/is a look file \(LUT or CDL\), not a shot/);
    }

    const fake = Buffer.from('not a lut at all\n'.repeat(20));
    await register(host.client, fake, 'fake.cube');
    await tusUpload(server.url, fake, {
      filename: 'fake.cube',
      sha256: sha256(fake),
      room: host.roomId,
      token: host.token,
    });
    const failed = await itemWhere(host.client, sha256(fake), (entry) => entry.state === 'failed');
    expect(failed.error?.code).toBe('NOT_MEDIA');
  });
});
