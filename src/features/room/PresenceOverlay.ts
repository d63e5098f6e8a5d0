// Avatars of the room's users over the viewer's top-right corner: initials in each user's color,
// the name as tooltip (and, for touch screens, shown on tap), a dimmed ring while reconnecting.
import type { User } from '../../protocol/index';
import { button, el, listen } from '../../ui/components/shared/dom';
import './room.css';

/**
 * Up to two initials: first letters of the first two words that start with a letter or digit
 * ("Ben (LA)" → "BL", not "B("), else the first two characters.
 */
export function initialsOf(name: string): string {
  const words = name
    .trim()
    .split(/\s+/u)
    .map((word) => word.replace(/^[^\p{L}\p{N}]+/u, ''))
    .filter(Boolean);
  if (words.length === 0) return Array.from(name.trim()).slice(0, 2).join('') || '?';
  const letters =
    words.length >= 2
      ? [Array.from(words[0] ?? '')[0], Array.from(words[1] ?? '')[0]]
      : Array.from(words[0] ?? '').slice(0, 2);
  return letters.join('').toUpperCase() || '?';
}

export class PresenceOverlay {
  readonly element: HTMLElement;
  private readonly cleanups: Array<() => void> = [];
  private selfId: string | null = null;

  constructor(container: HTMLElement) {
    this.element = el('div', {
      className: 'rs-presence',
      testId: 'presence-overlay',
      attrs: { 'aria-label': 'People in the room' },
    });
    this.element.hidden = true;
    container.append(this.element);
    // Touch has no hover: a tap toggles the name label of that avatar.
    this.cleanups.push(
      listen(this.element, 'click', (event) => {
        const avatar =
          event.target instanceof Element ? event.target.closest('.rs-presence__avatar') : null;
        if (!(avatar instanceof HTMLElement)) return;
        const show = !avatar.classList.contains('rs-presence__avatar--named');
        for (const other of this.element.querySelectorAll('.rs-presence__avatar--named'))
          other.classList.remove('rs-presence__avatar--named');
        avatar.classList.toggle('rs-presence__avatar--named', show);
      }),
    );
  }

  /** Shows `users` (hidden when fewer than two: nobody else to see). */
  update(users: readonly User[], selfId: string | null): void {
    this.selfId = selfId;
    this.element.hidden = users.length < 2;
    this.element.replaceChildren(
      ...users.map((user) => {
        const name = user.userId === this.selfId ? `${user.displayName} (you)` : user.displayName;
        const avatar = button({
          className: 'rs-presence__avatar',
          testId: `presence-avatar-${user.userId}`,
          title: user.role === 'host' ? `${name} — host` : name,
          attrs: {
            'aria-label': name,
            'data-role': user.role,
            'data-connected': String(user.connected),
          },
        });
        avatar.style.setProperty('--rs-user-color', user.color);
        avatar.append(
          el('span', { className: 'rs-presence__initials', text: initialsOf(user.displayName) }),
          el('span', { className: 'rs-presence__name', text: name }),
        );
        return avatar;
      }),
    );
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.element.remove();
  }
}
