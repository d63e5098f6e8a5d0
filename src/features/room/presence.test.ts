// @vitest-environment happy-dom
// The presence avatars (initials, colors, tooltips, tap-to-name) and the sync status light.
import { afterEach, describe, expect, it } from 'vitest';
import type { User } from '../../protocol/index';
import { StatusIndicator } from './StatusIndicator';
import { initialsOf, PresenceOverlay } from './PresenceOverlay';

const user = (
  id: string,
  name: string,
  color: string,
  role: User['role'] = 'participant',
): User => ({
  userId: id,
  displayName: name,
  color,
  role,
  connected: true,
  joinedAt: 0,
  status: 'active',
  mediaStatus: 'ready',
});

afterEach(() => document.body.replaceChildren());

describe('initialsOf', () => {
  it('takes the first letters of two words, else two characters', () => {
    expect(initialsOf('Ada Lovelace')).toBe('AL');
    expect(initialsOf('grace')).toBe('GR');
    expect(initialsOf('  Guest 3 ')).toBe('G3');
    expect(initialsOf('Émile Zola')).toBe('ÉZ');
    expect(initialsOf('')).toBe('?');
    expect(initialsOf('Ben (LA)')).toBe('BL');
    expect(initialsOf('(( ))')).toBe('((');
  });
});

describe('PresenceOverlay', () => {
  it('shows one avatar per user with initials, color and name tooltip', () => {
    const stage = document.createElement('div');
    document.body.append(stage);
    const overlay = new PresenceOverlay(stage);
    overlay.update(
      [user('a', 'Ada Lovelace', '#ff0000', 'host'), user('b', 'Grace', '#00ff00')],
      'b',
    );
    expect(overlay.element.hidden).toBe(false);
    const avatars = overlay.element.querySelectorAll<HTMLElement>('.rs-presence__avatar');
    expect(avatars).toHaveLength(2);
    expect(avatars[0]?.textContent).toContain('AL');
    expect(avatars[0]?.title).toBe('Ada Lovelace — host');
    expect(avatars[0]?.style.getPropertyValue('--rs-user-color')).toBe('#ff0000');
    expect(avatars[1]?.title).toBe('Grace (you)');
    expect(stage.querySelector('[data-testid="presence-overlay"]')).toBe(overlay.element);
    overlay.dispose();
    expect(stage.children).toHaveLength(0);
  });

  it('is hidden with fewer than two people, and a tap shows the name (touch)', () => {
    const overlay = new PresenceOverlay(document.body);
    overlay.update([user('a', 'Ada', '#f00')], 'a');
    expect(overlay.element.hidden).toBe(true);
    overlay.update([user('a', 'Ada', '#f00'), user('b', 'Bob', '#0f0')], 'a');
    const second = overlay.element.querySelectorAll<HTMLElement>('.rs-presence__avatar')[1];
    second?.click();
    expect(second?.classList.contains('rs-presence__avatar--named')).toBe(true);
    second?.click();
    expect(second?.classList.contains('rs-presence__avatar--named')).toBe(false);
    overlay.dispose();
  });
});

describe('StatusIndicator', () => {
  it('shows each status with its own look and label', () => {
    const indicator = new StatusIndicator();
    expect(indicator.element.hidden).toBe(true);
    const seen = new Set<string>();
    for (const status of ['synced', 'syncing', 'conflict', 'offline'] as const) {
      indicator.set(status);
      expect(indicator.element.hidden).toBe(false);
      expect(indicator.element.dataset.status).toBe(status);
      expect(indicator.status).toBe(status);
      seen.add(indicator.element.innerHTML);
      expect(indicator.element.getAttribute('aria-label')).toBeTruthy();
    }
    expect(seen.size).toBe(4);
    indicator.set('synced', false);
    expect(indicator.element.hidden).toBe(true);
    indicator.dispose();
  });
});
