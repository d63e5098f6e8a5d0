// MediaJobQueue: FIFO, never more than `concurrency` jobs at once, progress and end events,
// cancel (queued: never runs; running: its signal aborts), shared ids; and with real ffmpeg
// proxies, cancelling a running job kills its ffmpeg while the others finish.
import { readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeProxy,
  MediaJobQueue,
  MediaToolError,
  probeMedia,
  type MediaJobContext,
  type MediaJobEnd,
  type ProbeResult,
} from '../../server/media/ffmpeg/index';
import { makeClip, PRORES_HQ, SMALL_CLIP } from '../../scripts/make-exotic-media';
import { tempMediaDir } from '../support/mediaFiles';
import { waitFor } from '../support/waitFor';
import { processesMentioning } from '../support/mediaErrors';

/** A job the test finishes by hand. */
function controllableJob() {
  let finish!: (value: string) => void;
  let fail!: (error: Error) => void;
  let context: MediaJobContext | null = null;
  const job = (ctx: MediaJobContext) => {
    context = ctx;
    return new Promise<string>((resolve, reject) => {
      finish = resolve;
      fail = reject;
      ctx.signal.addEventListener('abort', () => reject(new MediaToolError('ABORTED', 'stopped')));
    });
  };
  return {
    job,
    finish: (value: string) => finish(value),
    fail: (error: Error) => fail(error),
    get context() {
      return context;
    },
  };
}

function record(queue: MediaJobQueue) {
  const log: string[] = [];
  const ends: MediaJobEnd[] = [];
  let running = 0;
  let maxRunning = 0;
  queue.on('started', ({ id }) => {
    running++;
    maxRunning = Math.max(maxRunning, running);
    log.push(`start ${id}`);
  });
  queue.on('progress', ({ id, fraction }) => log.push(`progress ${id} ${fraction}`));
  queue.on('ended', (end) => {
    if (end.outcome !== 'cancelled' || log.includes(`start ${end.id}`)) running--;
    ends.push(end);
    log.push(`end ${end.id} ${end.outcome}`);
  });
  return {
    log,
    ends,
    get maxRunning() {
      return maxRunning;
    },
  };
}

const settled = (promise: Promise<unknown>) =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

describe('MediaJobQueue', () => {
  it('defaults to one job per core and refuses a nonsense concurrency', () => {
    expect(new MediaJobQueue().concurrency).toBe(availableParallelism());
    expect(() => new MediaJobQueue({ concurrency: 0 })).toThrow(RangeError);
    expect(() => new MediaJobQueue({ concurrency: 1.5 })).toThrow(RangeError);
  });

  it('runs at most `concurrency` jobs, first in first out', async () => {
    const queue = new MediaJobQueue({ concurrency: 2 });
    const events = record(queue);
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const jobs = ids.map(() => controllableJob());
    const results = jobs.map((job, index) => queue.add(ids[index]!, job.job));
    expect(queue.runningCount).toBe(2);
    expect(queue.queuedCount).toBe(3);
    expect(events.log).toEqual(['start a', 'start b']);

    jobs[1]!.finish('B');
    await waitFor(() => queue.runningCount === 2 && queue.queuedCount === 2, { what: 'c starts' });
    jobs[0]!.finish('A');
    await waitFor(() => queue.queuedCount === 1, { what: 'd starts' });
    for (const [index, job] of jobs.entries()) {
      if (index < 2) continue;
      await waitFor(() => job.context !== null, { what: `${ids[index]} starts` });
      job.finish(ids[index]!.toUpperCase());
    }
    expect(await Promise.all(results)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(events.log.filter((line) => line.startsWith('start'))).toEqual([
      'start a',
      'start b',
      'start c',
      'start d',
      'start e',
    ]);
    expect(events.maxRunning).toBe(2);
    expect(queue.runningCount + queue.queuedCount).toBe(0);
  });

  it('reports progress clamped to 0..1 and a failure as an event and a rejection', async () => {
    const queue = new MediaJobQueue({ concurrency: 1 });
    const events = record(queue);
    const job = controllableJob();
    const result = settled(queue.add('x', job.job));
    job.context!.progress(0.25);
    job.context!.progress(7);
    job.fail(new MediaToolError('TRANSCODE_FAILED', 'broken'));
    const outcome = await result;
    expect(outcome).toMatchObject({ error: { code: 'TRANSCODE_FAILED' } });
    expect(events.log).toEqual(['start x', 'progress x 0.25', 'progress x 1', 'end x failed']);
    expect(events.ends[0]).toMatchObject({ outcome: 'failed', error: { message: 'broken' } });
  });

  it('cancels a queued job (it never runs) and a running one (its signal aborts)', async () => {
    const queue = new MediaJobQueue({ concurrency: 1 });
    const events = record(queue);
    const first = controllableJob();
    const second = controllableJob();
    const third = controllableJob();
    const firstResult = settled(queue.add('first', first.job));
    const secondResult = settled(queue.add('second', second.job));
    const thirdResult = settled(queue.add('third', third.job));

    expect(queue.cancel('second')).toBe(true);
    expect(await secondResult).toMatchObject({ error: { code: 'ABORTED' } });
    expect(second.context).toBeNull();

    expect(queue.cancel('first')).toBe(true);
    expect(first.context!.signal.aborted).toBe(true);
    expect(await firstResult).toMatchObject({ error: { code: 'ABORTED' } });

    await waitFor(() => third.context !== null, { what: 'third starts' });
    third.finish('done');
    expect(await thirdResult).toEqual({ value: 'done' });
    expect(queue.cancel('nobody')).toBe(false);
    expect(events.ends.map((end) => `${end.id} ${end.outcome}`)).toEqual([
      'second cancelled',
      'first cancelled',
      'third done',
    ]);
  });

  it('shares a job whose id is already queued or running', async () => {
    const queue = new MediaJobQueue({ concurrency: 1 });
    const events = record(queue);
    const job = controllableJob();
    let calls = 0;
    const first = queue.add('same', (ctx) => {
      calls++;
      return job.job(ctx);
    });
    const again = queue.add('same', () => Promise.resolve('other'));
    expect(queue.has('same')).toBe(true);
    job.finish('once');
    expect(await Promise.all([first, again])).toEqual(['once', 'once']);
    expect(calls).toBe(1);
    expect(events.log.filter((line) => line.startsWith('start'))).toEqual(['start same']);
  });

  it('a job that throws synchronously fails without stopping the queue', async () => {
    const queue = new MediaJobQueue({ concurrency: 1 });
    const bad = settled(
      queue.add('bad', () => {
        throw new Error('sync');
      }),
    );
    const good = queue.add('good', () => Promise.resolve(42));
    expect(await bad).toMatchObject({ error: { message: 'sync' } });
    expect(await good).toBe(42);
  });
});

describe('MediaJobQueue with real ffmpeg proxies', () => {
  let temp: Awaited<ReturnType<typeof tempMediaDir>>;
  let input: string;
  let probe: ProbeResult;

  beforeAll(async () => {
    temp = await tempMediaDir('queue');
    input = await makeClip(path.join(temp.dir, 'prores.mov'), PRORES_HQ, {
      ...SMALL_CLIP,
      frames: 96,
    });
    probe = await probeMedia(input);
  }, 60_000);

  afterAll(async () => {
    await temp?.remove();
  });

  it('runs four proxies two at a time; cancelling a running one kills its ffmpeg', async () => {
    const queue = new MediaJobQueue({ concurrency: 2 });
    const events = record(queue);
    const output = (id: string) => path.join(temp.dir, `${id}.mp4`);
    const ids = ['p1', 'p2', 'p3', 'p4'];
    const results = ids.map((id) =>
      settled(
        queue.add(id, ({ signal, progress }) =>
          makeProxy(input, output(id), probe, { signal, onProgress: progress }),
        ),
      ),
    );
    // Cancel p2 once it is under way.
    await waitFor(() => events.log.some((line) => line.startsWith('progress p2')), {
      what: 'p2 progress',
      timeoutMs: 15_000,
    });
    queue.cancel('p2');
    const outcomes = await Promise.all(results);
    expect(outcomes[1]).toMatchObject({ error: { code: 'ABORTED' } });
    for (const index of [0, 2, 3]) expect(outcomes[index]).toEqual({ value: undefined });
    expect(events.maxRunning).toBe(2);
    for (const id of ['p1', 'p3', 'p4']) {
      expect((await probeMedia(output(id))).frames).toBe(96);
    }
    // Nothing of p2 is left: no output, no temp file, no ffmpeg writing one.
    await expect(probeMedia(output('p2'))).rejects.toMatchObject({ code: 'PROBE_FAILED' });
    expect((await readdir(temp.dir)).filter((name) => name.includes('p2'))).toEqual([]);
    const left = await processesMentioning(`${temp.dir}/.p2.partial`);
    expect(left).toBe('');
  }, 60_000);
});
