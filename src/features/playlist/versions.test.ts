import { describe, expect, it } from 'vitest';
import { otherVersion, shotVersion, versionCounts } from './versions';

describe('shot versions', () => {
  it('reads the documented patterns', () => {
    expect(shotVersion('sh010_comp_v003.mov')).toEqual({ shot: 'sh010_comp', version: 3 });
    expect(shotVersion('SH010_comp.V12')).toEqual({ shot: 'sh010_comp', version: 12 });
    expect(shotVersion('sh010-comp-v2.mp4')).toEqual({ shot: 'sh010-comp', version: 2 });
    expect(shotVersion('sh010 comp v0004')).toEqual({ shot: 'sh010 comp', version: 4 });
    expect(shotVersion('sh010_v002_comp.exr')).toEqual({ shot: 'sh010_comp', version: 2 });
    expect(shotVersion('sh010_v001_v002.mov')).toEqual({ shot: 'sh010_v001', version: 2 });
  });

  it('ignores names without a version token', () => {
    for (const name of ['sh010_comp.mov', 'v003.mov', 'sh010_comp_v.mov', 'sh010_review', 'dev2'])
      expect(shotVersion(name)).toBeNull();
    expect(shotVersion('sh010_vfx003.mov')).toBeNull();
  });

  it('finds the nearest previous and next version of the same shot', () => {
    const items = [
      { id: 'a', name: 'sh010_comp_v001.mov' },
      { id: 'b', name: 'sh020_comp_v002.mov' },
      { id: 'c', name: 'sh010_comp_v003.mov' },
      { id: 'd', name: 'sh010_comp_v002.mov' },
      { id: 'e', name: 'notes.mov' },
    ];
    expect(otherVersion(items, 'c', -1)?.id).toBe('d');
    expect(otherVersion(items, 'd', -1)?.id).toBe('a');
    expect(otherVersion(items, 'a', -1)).toBeNull();
    expect(otherVersion(items, 'a', 1)?.id).toBe('d');
    expect(otherVersion(items, 'b', -1)).toBeNull();
    expect(otherVersion(items, 'e', -1)).toBeNull();
    expect(otherVersion(items, null, -1)).toBeNull();
    expect(versionCounts(items)).toEqual(new Map([['sh010_comp', 3]]));
  });
});
