// The page's localStorage, or null where the browser blocks it (private modes, sandboxed frames):
// features then keep their settings for the visit only.
import type { KeyValueStorage } from '../../../network/types';

/** The tab's sessionStorage, or null where the browser blocks it (it can throw there too). */
export function sessionStore(): KeyValueStorage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function localStore(): KeyValueStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
