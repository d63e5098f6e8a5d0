import { describe, expect, it } from 'vitest';
import { formatDisplay, formatSource, probeLine } from './probeModel';

describe('probe readout', () => {
  it('words float sources with half-float precision and displayed values with their code', () => {
    const reading = {
      x: 3,
      y: 4,
      source: [0.1800537109375, 1, 4.5, 1],
      float: true,
      display: [0.46, 1, 1],
    };
    expect(formatSource(reading)).toBe('R 0.1801 G 1.000 B 4.500 A 1.000');
    expect(formatDisplay(reading)).toBe('R 0.460 (117) G 1.000 (255) B 1.000 (255)');
    expect(probeLine(reading, 'Ana')).toMatch(/^Ana: \(3, 4\) source \(linear\) R 0\.1801/);
  });

  it('words 8-bit sources as codes', () => {
    const reading = {
      x: 0,
      y: 0,
      source: [200, 30, 30, 255],
      float: false,
      display: [200 / 255, 30 / 255, 30 / 255],
    };
    expect(formatSource(reading)).toBe('R 200 G 30 B 30 A 255');
    expect(probeLine(reading, null)).toContain('(0, 0) source R 200');
  });
});
