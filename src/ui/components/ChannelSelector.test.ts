// @vitest-environment happy-dom
// The Viewer runs without WebGL here (happy-dom has none); only its state and events matter.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelSelector } from './ChannelSelector';
import { CHANNEL_MODES, Viewer } from './Viewer';

let viewer: Viewer;
let selector: ChannelSelector;

beforeEach(() => {
  viewer = new Viewer(document.createElement('div'));
  selector = new ChannelSelector(viewer);
  document.body.append(selector.element);
});

afterEach(() => {
  selector.dispose();
  viewer.dispose();
});

describe('ChannelSelector', () => {
  it('offers every channel mode and starts on the viewer channel', () => {
    expect(selector.element.dataset.testid).toBe('channel-select');
    expect([...selector.element.options].map((option) => option.value)).toEqual(CHANNEL_MODES);
    expect(selector.element.value).toBe('rgb');
  });

  it('choosing an option sets the viewer channel', () => {
    const seen: string[] = [];
    viewer.on('channelChanged', (mode) => seen.push(mode));
    selector.element.value = 'red';
    selector.element.dispatchEvent(new Event('change', { bubbles: true }));
    expect(viewer.channel).toBe('red');
    expect(seen).toEqual(['red']);
    expect(selector.element.classList).toContain('rs-channel-select--isolated');
  });

  it('follows channel changes made elsewhere', () => {
    viewer.setChannel('luminance');
    expect(selector.element.value).toBe('luminance');
    viewer.setChannel('rgb');
    expect(selector.element.classList).not.toContain('rs-channel-select--isolated');
  });

  it('dispose unsubscribes and removes the element', () => {
    selector.dispose();
    expect(viewer.listenerCount('channelChanged')).toBe(0);
    expect(selector.element.isConnected).toBe(false);
  });
});
