// The sync engine's test and deployment overrides from the page (`window.REELSYNC_CONFIG`): the
// retry schedule, heartbeat and connect timeout, read once at startup by App.ts.
import type { NetworkSyncManagerOptions } from '../../network/NetworkSyncManager';

/**
 * Test and deployment overrides read once at startup from `window.REELSYNC_CONFIG`, e.g.
 * `{ reconnect: { baseDelayMs: 50, maxAttempts: 3 } }` (the e2e suite shortens the retry
 * schedule this way). Unknown or malformed fields are ignored.
 */
export function pageNetworkOptions(source: unknown): Partial<NetworkSyncManagerOptions> {
  if (typeof source !== 'object' || source === null) return {};
  const config = source as Record<string, unknown>;
  const options: Partial<NetworkSyncManagerOptions> = {};
  const reconnect = config.reconnect;
  if (typeof reconnect === 'object' && reconnect !== null) {
    const picked: Record<string, number> = {};
    for (const key of ['baseDelayMs', 'maxDelayMs', 'maxAttempts'] as const) {
      const value = (reconnect as Record<string, unknown>)[key];
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) picked[key] = value;
    }
    options.reconnect = picked;
  }
  for (const key of ['heartbeatIntervalMs', 'heartbeatTimeoutMs', 'connectTimeoutMs'] as const) {
    const value = config[key];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) options[key] = value;
  }
  return options;
}
