// Look files through the real server's media library: LUTs (.cube, .3dl, .spi3d) and an ASC CDL
// are kept as they are (no ffprobe, never NOT_MEDIA), marked as looks, served as text/XML to
// members, and refused as the room's shot; a text file named .cube that is no LUT is still
// NOT_MEDIA.
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
/** A valid 4-point Lustre mesh (4³ rows, blue fastest), identity at 12 bits. */
const THREE_DL = Buffer.from(
  `3DMESH\nMesh 4 12\n0 341 682 1023\n${[0, 1, 2, 3]
    .flatMap((r) =>
      [0, 1, 2, 3].flatMap((g) =>
        [0, 1, 2, 3].map((b) => [r, g, b].map((v) => v * 1365).join(' ')),
      ),
    )
    .join('\n')}\nLUT8\ngamma 1.0\n`,
);
const SPI3D = Buffer.from(
  `SPILUT 1.0\n3 3\n2 2 2\n${[0, 1]
    .flatMap((r) => [0, 1].flatMap((g) => [0, 1].map((b) => `${r} ${g} ${b} ${r} ${g} ${b}`)))
    .join('\n')}\n`,
);
const CC = Buffer.from(
  '<?xml version="1.0"?>\n<ColorCorrection id="sh010"><SOPNode><Slope>1 1 1</Slope><Offset>0 0 0</Offset><Power>1 1 1</Power></SOPNode></ColorCorrection>\n',
);

describe('look files in the room library', () => {
  it('keeps a .cube and a .cc as looks, serves them and refuses them as the shot', async () => {
    const server = await startTestServer();
    servers.push(server);
    const host = await mediaMember(server);
    clients.push(host.client);
    /** Registers and uploads `bytes`; resolves with the item once processing settled. */
    const upload = async (bytes: Buffer, name: string, state: 'ready' | 'failed') => {
      const sha = sha256(bytes);
      await register(host.client, bytes, name);
      await tusUpload(server.url, bytes, {
        filename: name,
        sha256: sha,
        room: host.roomId,
        token: host.token,
      });
      return itemWhere(host.client, sha, (entry) => entry.state === state);
    };
    for (const [bytes, name, kind, type] of [
      [CUBE, 'warm.cube', 'cube', 'text/plain; charset=utf-8'],
      [THREE_DL, 'grade.3dl', 'cube', 'text/plain; charset=utf-8'],
      [SPI3D, 'show.spi3d', 'cube', 'text/plain; charset=utf-8'],
      [CC, 'sh010.cc', 'cdl', 'application/xml'],
    ] as const) {
      const sha = sha256(bytes);
      const item = await upload(bytes, name, 'ready');
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
    const failed = await upload(fake, 'fake.cube', 'failed');
    expect(failed.error?.code).toBe('NOT_MEDIA');
  });
});
