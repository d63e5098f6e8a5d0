// The one in-memory key-value storage for tests: what the app keeps in localStorage (session
// tokens, display name, tool preferences, local notes), held in a Map the test can inspect.
import type { KeyValueStorage } from '../../src/network/types';

export class MemoryStorage implements KeyValueStorage {
  readonly data: Map<string, string>;

  constructor(initial: Record<string, string> = {}) {
    this.data = new Map(Object.entries(initial));
  }

  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }

  removeItem(key: string): void {
    this.data.delete(key);
  }
}
