import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_ATTEMPTS,
  Outbox,
  RATE_LIMIT_RETRY_MS,
  REFUSED_RETRY_MS,
  type OutboxEntry,
  type OutboxEvents,
  type OutboxOptions,
} from './Outbox';
import { ManualTimers } from '../../test/support/manualTimers';

interface Sent {
  id: string;
  key: string;
  value: string;
}

function setup(options: Partial<OutboxOptions<string, string>> = {}) {
  const timers = new ManualTimers();
  const sent: Sent[] = [];
  let open = true;
  let counter = 0;
  const outbox = new Outbox<string, string>({
    send: (entry) => {
      if (!open) return null;
      const id = `m${++counter}`;
      sent.push({ id, key: entry.key, value: entry.value });
      return id;
    },
    canSend: () => open,
    timers,
    ...options,
  });
  const events: Array<{ type: keyof OutboxEvents<string, string>; key: string; detail?: string }> =
    [];
  outbox.on('sent', (entry) => events.push({ type: 'sent', key: entry.key }));
  outbox.on('settled', (entry) => events.push({ type: 'settled', key: entry.key }));
  outbox.on('gaveUp', ({ entry, reason, code }) =>
    events.push({ type: 'gaveUp', key: entry.key, detail: `${reason}:${code ?? ''}` }),
  );
  return {
    outbox,
    timers,
    sent,
    events,
    setOpen: (value: boolean) => (open = value),
    last: () => sent[sent.length - 1] as Sent,
  };
}

const microtask = () => Promise.resolve();

describe('Outbox: queue and coalescing', () => {
  it('sends a change at once and settles it on the server answer', () => {
    const { outbox, sent, events } = setup();
    outbox.put('a', 'one');
    expect(sent).toEqual([{ id: 'm1', key: 'a', value: 'one' }]);
    expect(outbox.pendingCount).toBe(1);
    expect(outbox.isInFlight('a')).toBe(true);
    expect(outbox.settle('m1')?.value).toBe('one');
    expect(outbox.pendingCount).toBe(0);
    expect(events.map((event) => event.type)).toEqual(['sent', 'settled']);
  });

  it('ignores answers to messages that are not its own', () => {
    const { outbox } = setup();
    outbox.put('a', 'one');
    expect(outbox.settle('other')).toBeUndefined();
    expect(outbox.refused('other', 'FORBIDDEN')).toBeUndefined();
    expect(outbox.pendingCount).toBe(1);
  });

  it('queues while sending is impossible and replaces an unsent change to the same key', () => {
    const { outbox, sent, setOpen } = setup();
    setOpen(false);
    outbox.put('a', 'one');
    outbox.put('b', 'x');
    outbox.put('a', 'two');
    expect(sent).toEqual([]);
    expect(outbox.pendingCount).toBe(2);
    expect(outbox.isQueued('a')).toBe(true);
    setOpen(true);
    outbox.flush();
    expect(sent.map((item) => `${item.key}=${item.value}`)).toEqual(['a=two', 'b=x']);
  });

  it('merges through coalesce, knowing whether an older change is in flight', () => {
    const contexts: boolean[] = [];
    const { outbox, sent, setOpen } = setup({
      coalesce: (queued, next, { inFlight }) => {
        contexts.push(inFlight);
        if (next === 'remove') return queued === 'add' && !inFlight ? null : 'remove';
        return `${queued}+${next}`;
      },
    });
    setOpen(false);
    outbox.put('a', 'add');
    outbox.put('a', 'edit');
    expect(outbox.entries().map((entry) => entry.value)).toEqual(['add+edit']);
    outbox.put('b', 'add');
    outbox.put('b', 'remove');
    // An add never sent and removed again cancels out.
    expect(outbox.has('b')).toBe(false);
    expect(contexts).toEqual([false, false]);
    setOpen(true);
    outbox.flush();
    setOpen(false);
    outbox.put('a', 'add');
    outbox.put('a', 'remove');
    // The earlier add is in flight: the remove must still go out.
    expect(contexts[2]).toBe(true);
    expect(outbox.entries().map((entry) => entry.value)).toEqual(['add+edit', 'remove']);
    expect(sent).toHaveLength(1);
  });

  it('sends a newer change to a key that is in flight as its own entry', () => {
    const { outbox, sent } = setup();
    outbox.put('a', 'one');
    outbox.put('a', 'two');
    expect(sent.map((item) => item.value)).toEqual(['one', 'two']);
    expect(outbox.inFlightCount).toBe(2);
  });

  it('keeps at most maxInFlight sends unanswered, in order', () => {
    const { outbox, sent } = setup({ maxInFlight: 1 });
    outbox.put('a', '1');
    outbox.put('b', '2');
    outbox.put('c', '3');
    expect(sent.map((item) => item.key)).toEqual(['a']);
    outbox.settle('m1');
    expect(sent.map((item) => item.key)).toEqual(['a', 'b']);
    outbox.refused('m2', 'RATE_LIMITED', 10);
    expect(sent).toHaveLength(2);
  });

  it('settles entries the room already shows, queued or in flight', () => {
    const { outbox, sent, events } = setup({ maxInFlight: 1 });
    outbox.put('a', '1');
    outbox.put('b', '2');
    outbox.put('c', '3');
    expect(outbox.settleWhere((entry) => entry.key !== 'c')).toBe(2);
    expect(events.filter((event) => event.type === 'settled').map((event) => event.key)).toEqual([
      'a',
      'b',
    ]);
    // The slot is free again: the next one goes out.
    expect(sent.map((item) => item.key)).toEqual(['a', 'c']);
  });

  it('an entry settled while its send is on the stack is not tracked afterwards', () => {
    let outbox: Outbox<string, string> | null = null;
    outbox = new Outbox<string, string>({
      send: () => {
        outbox?.settleWhere(() => true);
        return 'm1';
      },
    });
    outbox.put('a', '1');
    expect(outbox.pendingCount).toBe(0);
  });

  it('drops entries without an event, and clear forgets everything', () => {
    const { outbox, events, setOpen } = setup();
    outbox.put('a', '1');
    setOpen(false);
    outbox.put('b', '2');
    expect(outbox.drop((entry) => entry.key === 'a').map((entry) => entry.key)).toEqual(['a']);
    expect(outbox.pendingCount).toBe(1);
    outbox.clear();
    expect(outbox.pendingCount).toBe(0);
    expect(events.map((event) => event.type)).toEqual(['sent']);
  });

  it('keeps a change that cannot go out now queued, and looks again after blockedRetryMs', () => {
    let accept = false;
    const timers = new ManualTimers();
    const outbox = new Outbox<string, string>({
      send: () => (accept ? 'm1' : null),
      blockedRetryMs: 250,
      timers,
    });
    outbox.put('a', '1');
    expect(outbox.isQueued('a')).toBe(true);
    expect(outbox.entries()[0]?.sends).toBe(0);
    accept = true;
    timers.advance(249);
    expect(outbox.isQueued('a')).toBe(true);
    timers.advance(1);
    expect(outbox.isInFlight('a')).toBe(true);
  });
});

describe('Outbox: throttle', () => {
  it('sends the first change at the end of the task and the last one of a burst at the end of the interval', async () => {
    const { outbox, sent, timers } = setup({ throttleMs: 50 });
    outbox.put('a', '1');
    outbox.put('a', '2');
    expect(sent).toEqual([]);
    await microtask();
    expect(sent.map((item) => item.value)).toEqual(['2']);
    outbox.put('a', '3');
    outbox.put('a', '4');
    timers.advance(49);
    expect(sent).toHaveLength(1);
    timers.advance(1);
    expect(sent.map((item) => item.value)).toEqual(['2', '4']);
  });

  it('an answer does not let a throttled change out early', async () => {
    const { outbox, sent, timers } = setup({ throttleMs: 50 });
    outbox.put('a', '1');
    await microtask();
    outbox.put('a', '2');
    outbox.settle('m1');
    expect(sent).toHaveLength(1);
    timers.advance(50);
    expect(sent.map((item) => item.value)).toEqual(['1', '2']);
  });

  it('flush sends at once, without waiting for the throttle', () => {
    const { outbox, sent } = setup({ throttleMs: 50 });
    outbox.put('a', '1');
    outbox.flush();
    expect(sent).toHaveLength(1);
  });
});

describe('Outbox: refusals and retries', () => {
  it("waits the server's retryAfterMs after RATE_LIMITED, without counting a failure", () => {
    const { outbox, sent, timers } = setup({ maxAttempts: 1 });
    outbox.put('a', '1');
    const entry = outbox.refused('m1', 'RATE_LIMITED', 700);
    expect(entry?.failures).toBe(0);
    expect(outbox.paused).toBe(true);
    outbox.put('b', '2');
    timers.advance(699);
    expect(sent).toHaveLength(1);
    timers.advance(1);
    expect(sent.map((item) => item.key)).toEqual(['a', 'a', 'b']);
    expect(outbox.paused).toBe(false);
  });

  it('waits RATE_LIMIT_RETRY_MS when the server gave no hint', () => {
    const { outbox, sent, timers } = setup();
    outbox.put('a', '1');
    outbox.refused('m1', 'RATE_LIMITED');
    timers.advance(RATE_LIMIT_RETRY_MS - 1);
    expect(sent).toHaveLength(1);
    timers.advance(1);
    expect(sent).toHaveLength(2);
  });

  it('rateLimited waits, then sends again what is still in flight (the server dropped it)', () => {
    const { outbox, sent, timers } = setup();
    outbox.put('a', '1');
    outbox.put('b', '2');
    outbox.rateLimited(300);
    outbox.settle('m1'); // answered before the wait ended: not sent again
    outbox.put('c', '3');
    timers.advance(299);
    expect(sent).toHaveLength(2);
    timers.advance(1);
    expect(sent.map((item) => `${item.id}:${item.key}`)).toEqual(['m1:a', 'm2:b', 'm3:b', 'm4:c']);
    expect(outbox.entries().every((entry) => entry.failures === 0)).toBe(true);
  });

  it('merges a change made while rate-limited into the refused one', () => {
    const { outbox, sent, timers } = setup();
    outbox.put('a', '1');
    outbox.refused('m1', 'RATE_LIMITED', 100);
    outbox.put('a', '2');
    timers.advance(100);
    expect(sent.map((item) => item.value)).toEqual(['1', '2']);
    expect(outbox.pendingCount).toBe(1);
  });

  it('retries another refusal after REFUSED_RETRY_MS, then gives up after maxAttempts failures', () => {
    const { outbox, sent, timers, events } = setup();
    outbox.put('a', '1');
    for (let attempt = 1; attempt < DEFAULT_MAX_ATTEMPTS; attempt++) {
      expect(outbox.refused(`m${attempt}`, 'INVALID_PAYLOAD')?.failures).toBe(attempt);
      timers.advance(REFUSED_RETRY_MS);
      expect(sent).toHaveLength(attempt + 1);
    }
    outbox.refused(`m${DEFAULT_MAX_ATTEMPTS}`, 'INVALID_PAYLOAD');
    expect(outbox.pendingCount).toBe(0);
    expect(events.at(-1)).toEqual({ type: 'gaveUp', key: 'a', detail: 'refused:INVALID_PAYLOAD' });
    timers.advance(1000);
    expect(sent).toHaveLength(DEFAULT_MAX_ATTEMPTS);
  });

  it('gives up at once on a refusal retryRefused rejects', () => {
    const { outbox, events, sent } = setup({
      maxInFlight: 1,
      retryRefused: (code) => code !== 'FORBIDDEN',
    });
    outbox.put('a', '1');
    outbox.put('b', '2');
    outbox.refused('m1', 'FORBIDDEN');
    expect(events.find((event) => event.type === 'gaveUp')).toEqual({
      type: 'gaveUp',
      key: 'a',
      detail: 'refused:FORBIDDEN',
    });
    // The next change does not wait for anything.
    expect(sent.map((item) => item.key)).toEqual(['a', 'b']);
  });

  it('sends again what goes unanswered for resendAfterMs, then gives up', () => {
    const { outbox, sent, timers, events } = setup({ resendAfterMs: 2000, maxAttempts: 2 });
    outbox.put('a', '1');
    timers.advance(1999);
    expect(sent).toHaveLength(1);
    timers.advance(1);
    expect(sent).toHaveLength(2);
    expect(outbox.entries()[0]).toMatchObject({ failures: 1, sends: 2, sentAt: 2000 });
    timers.advance(2000);
    expect(outbox.pendingCount).toBe(0);
    expect(events.at(-1)).toEqual({ type: 'gaveUp', key: 'a', detail: 'unanswered:' });
  });

  it('an answer in time stops the resend timer', () => {
    const { outbox, sent, timers } = setup({ resendAfterMs: 2000 });
    outbox.put('a', '1');
    outbox.settle('m1');
    expect(timers.count).toBe(0);
    timers.advance(5000);
    expect(sent).toHaveLength(1);
  });

  it('gives the gaveUp listener the entry with its history', () => {
    const { outbox } = setup({ maxAttempts: 1 });
    const gaveUp: Array<Readonly<OutboxEntry<string, string>>> = [];
    outbox.on('gaveUp', ({ entry }) => gaveUp.push(entry));
    outbox.put('a', 'value');
    outbox.refused('m1', 'FORBIDDEN');
    expect(gaveUp).toEqual([
      { key: 'a', value: 'value', messageId: 'm1', failures: 1, sends: 1, sentAt: 0 },
    ]);
  });
});

describe('Outbox: reconnect', () => {
  it('requeues what was in flight, before what was queued, and sends it again', () => {
    const { outbox, sent, setOpen } = setup();
    outbox.put('a', '1');
    outbox.put('b', '2');
    setOpen(false);
    outbox.put('c', '3');
    outbox.requeueInFlight();
    expect(outbox.inFlightCount).toBe(0);
    expect(outbox.entries().map((entry) => entry.key)).toEqual(['a', 'b', 'c']);
    // Late answers to the lost sends no longer match anything.
    expect(outbox.settle('m1')).toBeUndefined();
    setOpen(true);
    outbox.flush();
    expect(sent.map((item) => `${item.id}:${item.key}`)).toEqual([
      'm1:a',
      'm2:b',
      'm3:a',
      'm4:b',
      'm5:c',
    ]);
    // Losing the connection is no failed attempt.
    expect(outbox.entries().every((entry) => entry.failures === 0)).toBe(true);
  });

  it('a requeued change gives way to a newer unsent change to the same key', () => {
    const { outbox, sent, setOpen } = setup();
    outbox.put('a', 'old');
    setOpen(false);
    outbox.put('a', 'new');
    outbox.requeueInFlight();
    expect(outbox.entries().map((entry) => entry.value)).toEqual(['new']);
    setOpen(true);
    outbox.flush();
    expect(sent.map((item) => item.value)).toEqual(['old', 'new']);
  });

  it('stops its timers on clear and does nothing after dispose', () => {
    const { outbox, sent, timers } = setup({ resendAfterMs: 100 });
    outbox.put('a', '1');
    outbox.refused('m1', 'RATE_LIMITED', 50);
    outbox.clear();
    expect(timers.count).toBe(0);
    outbox.dispose();
    outbox.put('b', '2');
    outbox.flush();
    expect(sent).toHaveLength(1);
    expect(outbox.pendingCount).toBe(0);
  });
});
