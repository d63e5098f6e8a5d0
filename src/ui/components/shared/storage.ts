// The page's localStorage, or null where the browser blocks it (private modes, sandboxed frames):
// features then keep their settings for the visit only.
import type { KeyValueStorage } from '../../../network/types';

export function localStore(): KeyValueStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
