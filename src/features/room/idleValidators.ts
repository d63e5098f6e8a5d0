// Builds the protocol's validators for server messages while the page is idle, a few at a time,
// the ones a join waits on first. Built on first use otherwise: the room state's alone takes tens
// of ms, which a joiner would wait for between the server's answer and the room on screen.
import { prepareServerValidator, unpreparedServerTypes } from '../../protocol/index';

/** The longest one idle slice may take (ms); a type is built whole once started. */
const SLICE_MS = 8;

/** Starts building at the page's idle moments; the returned function stops it. */
export function prepareValidatorsWhenIdle(): () => void {
  let handle: number | null = null;
  const idle = (run: (deadline: IdleDeadline) => void): number =>
    typeof requestIdleCallback === 'function'
      ? requestIdleCallback(run, { timeout: 2000 })
      : window.setTimeout(() => run({ didTimeout: true, timeRemaining: () => SLICE_MS }), 50);
  const step = (deadline: IdleDeadline): void => {
    handle = null;
    const started = performance.now();
    // At least one type per slice, more while the slice and the idle period last.
    for (const [index, type] of unpreparedServerTypes().entries()) {
      const spent = performance.now() - started;
      if (index > 0 && (deadline.timeRemaining() <= 0 || spent >= SLICE_MS)) break;
      prepareServerValidator(type);
    }
    if (unpreparedServerTypes().length > 0) handle = idle(step);
  };
  handle = idle(step);
  return () => {
    if (handle === null) return;
    if (typeof cancelIdleCallback === 'function') cancelIdleCallback(handle);
    else window.clearTimeout(handle);
    handle = null;
  };
}
