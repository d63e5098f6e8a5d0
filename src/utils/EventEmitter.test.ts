import { describe, expect, it, vi } from 'vitest';
import { EventEmitter } from './EventEmitter';

type Events = { frameChanged: number; playbackChanged: boolean };

describe('EventEmitter', () => {
  it('delivers typed payloads to listeners in order', () => {
    const emitter = new EventEmitter<Events>();
    const seen: string[] = [];
    emitter.on('frameChanged', (frame) => seen.push(`a${frame}`));
    emitter.on('frameChanged', (frame) => seen.push(`b${frame}`));
    emitter.emit('frameChanged', 7);
    expect(seen).toEqual(['a7', 'b7']);
  });

  it('on returns an unsubscribe function', () => {
    const emitter = new EventEmitter<Events>();
    const listener = vi.fn();
    const unsubscribe = emitter.on('playbackChanged', listener);
    unsubscribe();
    emitter.emit('playbackChanged', true);
    expect(listener).not.toHaveBeenCalled();
    expect(emitter.listenerCount()).toBe(0);
  });

  it('once fires a single time', () => {
    const emitter = new EventEmitter<Events>();
    const listener = vi.fn();
    emitter.once('frameChanged', listener);
    emitter.emit('frameChanged', 1);
    emitter.emit('frameChanged', 2);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(1);
  });

  it('a throwing listener does not stop the others', () => {
    const emitter = new EventEmitter<Events>();
    const errorSpy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const after = vi.fn();
    emitter.on('frameChanged', () => {
      throw new Error('boom');
    });
    emitter.on('frameChanged', after);
    emitter.emit('frameChanged', 3);
    expect(after).toHaveBeenCalledWith(3);
    expect(errorSpy).toHaveBeenCalled();
    errorSpy.mockRestore();
  });

  it('a listener removed during emit is still called for that emit but not after', () => {
    const emitter = new EventEmitter<Events>();
    const second = vi.fn();
    let unsubscribeSecond = () => {};
    emitter.on('frameChanged', () => unsubscribeSecond());
    unsubscribeSecond = emitter.on('frameChanged', second);
    emitter.emit('frameChanged', 1);
    emitter.emit('frameChanged', 2);
    expect(second).toHaveBeenCalledTimes(1);
  });
});
