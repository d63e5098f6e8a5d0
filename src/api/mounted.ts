// The scripting parts a feature provides once mounted (App.scripting): each API part reads its
// feature through this, so a call before the mount says which feature is missing.
import type { App } from '../App';

type Parts = App['scripting'];

/** A getter for `app.scripting[key]` that throws `notMounted` while it is absent. */
export function mountedPart<K extends keyof Parts>(
  app: App,
  key: K,
  notMounted: string,
): () => NonNullable<Parts[K]> {
  return () => {
    const part = app.scripting[key];
    if (!part) throw new Error(notMounted);
    return part as NonNullable<Parts[K]>;
  };
}
