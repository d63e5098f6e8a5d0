// The runtime globals that browsers and Node both provide: the only ones the DOM-free layers
// (tsconfig.shared.json) may use. Add nothing here that exists on one side only.

/** Opaque timer id: a number in browsers, a Timeout object in Node. */
interface SharedTimerId {
  readonly __sharedTimerId: never;
}
declare function setTimeout<A extends unknown[]>(
  callback: (...args: A) => void,
  ms?: number,
  ...args: A
): SharedTimerId;
declare function clearTimeout(id: SharedTimerId | null | undefined): void;
declare function setInterval<A extends unknown[]>(
  callback: (...args: A) => void,
  ms?: number,
  ...args: A
): SharedTimerId;
declare function clearInterval(id: SharedTimerId | null | undefined): void;
declare function queueMicrotask(callback: () => void): void;
declare function structuredClone<T>(value: T): T;

// `var`, not `const`: globals declared with var are also properties of globalThis.
/* eslint-disable no-var */
declare var performance: { now(): number };
declare var console: {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
  debug(...data: unknown[]): void;
};
declare var crypto: {
  getRandomValues<T extends ArrayBufferView>(array: T): T;
};
/** The parts of WHATWG URL both sides have that the shared layers use (deep links). */
interface SharedURLSearchParams {
  get(name: string): string | null;
  set(name: string, value: string): void;
  delete(name: string): void;
  keys(): IterableIterator<string>;
  toString(): string;
}
declare var URLSearchParams: { new (init?: string): SharedURLSearchParams };
interface SharedURL {
  pathname: string;
  search: string;
  hash: string;
  readonly searchParams: SharedURLSearchParams;
  toString(): string;
}
declare var URL: { new (url: string, base?: string): SharedURL };
/* eslint-enable no-var */
