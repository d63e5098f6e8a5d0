// The controller on the real Playback and mapping table: ShuttlePRO buttons, jog and ring drive
// the player through the default mapping; MIDI CCs as jog or shuttle; learn; a lost device that
// was shuttling stops playback; garbage is reported once per burst.
import { describe, expect, it } from 'vitest';
import { Playback } from '../../core/playback/Playback';
import { rangeOnlyMedia as clip } from '../../../test/support/fakeMedia';
import { MemoryStorage } from '../../../test/support/memoryStorage';
import { DeviceController, type DeviceNotice } from './DeviceController';
import { MappingTable } from './mapping';

function setup() {
  // A clock that stands still: the frame moves only by what the devices do.
  const playback = new Playback({ clock: { now: () => 0 } });
  playback.setMedia(clip());
  playback.seek(100);
  const mapping = new MappingTable(new MemoryStorage());
  let now = 0;
  const controller = new DeviceController(playback, mapping, () => now);
  const notices: DeviceNotice[] = [];
  controller.on('notice', (notice) => notices.push(notice));
  return { playback, mapping, controller, notices, advance: (ms: number) => (now += ms) };
}

describe('DeviceController', () => {
  it('drives the player from the ShuttlePRO through the default mapping', () => {
    const { playback, controller } = setup();
    controller.handle({ input: 'shuttlepro:jog', kind: 'delta', delta: 3 });
    expect(playback.currentFrame).toBe(103);
    controller.handle({ input: 'shuttlepro:button:6', kind: 'button', pressed: true });
    controller.handle({ input: 'shuttlepro:button:6', kind: 'button', pressed: false });
    expect(playback.currentFrame).toBe(102);
    controller.handle({ input: 'shuttlepro:button:1', kind: 'button', pressed: true });
    expect(playback.inPoint).toBe(102);
    controller.handle({ input: 'shuttlepro:ring', kind: 'position', position: -4, steps: true });
    expect([playback.isPlaying, playback.direction, playback.speed]).toEqual([true, -1, 2]);
    controller.handle({ input: 'shuttlepro:ring', kind: 'position', position: 0, steps: true });
    expect(playback.isPlaying).toBe(false);
    controller.handle({ input: 'shuttlepro:button:7', kind: 'button', pressed: true });
    expect(playback.isPlaying).toBe(true);
  });

  it('uses a MIDI CC as a jog wheel or a shuttle, as mapped', () => {
    const { playback, mapping, controller } = setup();
    expect(mapping.set('midi:cc:16', 'jog')).toEqual({ ok: true });
    controller.handle({ input: 'midi:cc:16', kind: 'control', value: 2 });
    controller.handle({ input: 'midi:cc:16', kind: 'control', value: 127 });
    expect(playback.currentFrame).toBe(101);
    mapping.set('midi:cc:16', 'shuttle');
    controller.handle({ input: 'midi:cc:16', kind: 'control', value: 127 });
    expect([playback.isPlaying, playback.speed]).toEqual([true, 16]);
  });

  it('learns the next control touched instead of acting on it', () => {
    const { playback, controller } = setup();
    const learned: string[] = [];
    controller.learn((input) => learned.push(input));
    controller.handle({ input: 'shuttlepro:jog', kind: 'delta', delta: 5 });
    controller.handle({ input: 'shuttlepro:jog', kind: 'delta', delta: 5 });
    expect(learned).toEqual(['shuttlepro:jog']);
    expect(playback.currentFrame).toBe(105);
  });

  it('stops a shuttle when its device disappears, and says so', () => {
    const { playback, controller, notices } = setup();
    controller.handle({ input: 'shuttlepro:ring', kind: 'position', position: 5, steps: true });
    expect(playback.isPlaying).toBe(true);
    controller.lost('ShuttlePRO v2', 'shuttlepro');
    expect(playback.isPlaying).toBe(false);
    expect(notices.at(-1)?.message).toContain('ShuttlePRO v2 disconnected');
  });

  it('reports garbage once per burst and counts every report', () => {
    const { controller, notices, advance } = setup();
    for (let i = 0; i < 50; i++) controller.garbage('ShuttlePRO v2', 'a 3-byte report');
    expect(notices).toHaveLength(1);
    expect(controller.ignoredReports).toBe(50);
    advance(11_000);
    controller.garbage('ShuttlePRO v2', 'a 3-byte report');
    expect(notices).toHaveLength(2);
  });
});
