// The published JSON Schema (draft 2020-12) of the whole protocol, for custom programs;
// scripts/gen-schema.ts writes it to docs/schema/.
import { PROTOCOL_VERSION } from './constants';
import { ClientMessageSchema } from './schemas/client';
import { LiveBatchSchema, ServerMessageSchema } from './schemas/server';

export function protocolJsonSchemas(): Record<'client' | 'server', Record<string, unknown>> {
  // Round-trip through JSON so only plain JSON Schema keywords remain.
  const plain = (schema: unknown) => JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
  const header = (direction: string) => ({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://reelsync.dev/schema/v${PROTOCOL_VERSION}/${direction}-message.json`,
    'x-protocol-version': PROTOCOL_VERSION,
  });
  return {
    client: {
      ...header('client'),
      ...plain(ClientMessageSchema),
      title: 'ReelSync client → server message',
    },
    server: {
      ...header('server'),
      ...plain(ServerMessageSchema),
      // live.batch frames go only to clients whose hello lists the feature.
      anyOf: [...(plain(ServerMessageSchema).anyOf as unknown[]), plain(LiveBatchSchema)],
      title: 'ReelSync server → client message',
    },
  };
}
