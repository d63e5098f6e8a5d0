// GET /api/config: what the player asks the server that served it (src/features/room/shareBase.ts).
// Plain JSON, no secrets: anyone who can load the player can read it.

export const CLIENT_CONFIG_PATH = '/api/config';

export interface ClientConfig {
  /** --public-url (ends in `/`): the base of share links; null = the address the page was opened on. */
  publicUrl: string | null;
}

export function clientConfig(publicUrl: string | null): ClientConfig {
  return { publicUrl };
}
