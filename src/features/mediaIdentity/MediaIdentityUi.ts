// What media identity shows in the status area atop the timeline bar (chrome, never over the
// picture): a banner when this user's media is not the host's ("Host is viewing <name> — open
// your copy" with a file picker, or the mismatch warning), the wait-for-everyone notice while a
// play is held, and a small room media box: how many are ready, each user's media state, and
// (host) the wait-for-everyone switch.
import { ACCEPTED_FILE_TYPES } from '../../core/media/openMedia';
import { formatRate } from '../../core/media/timecode';
import type { MediaDescriptor, MediaStatus, User } from '../../protocol/index';
import { button, el, inputOfType, listen } from '../../ui/components/shared/dom';
import { notReadyUsers, type MediaIdentityView } from './MediaIdentity';
import { sameShape } from './mediaMatch';
import './mediaIdentity.css';

/** Short states for the box's list (the network panel says the same at more length). */
export const MEDIA_STATUS_LABELS: Record<MediaStatus, string> = {
  none: 'Not reported',
  ready: 'Ready',
  loading: 'Loading…',
  missing: 'Missing',
  mismatch: 'Mismatch',
};

export interface MediaIdentityUiActions {
  openCopy(files: File[]): void;
  /** Streams the host's shot from the room's library ("Play from the room"). */
  playFromRoom(): void;
  setWaitForEveryone(on: boolean): void;
}

function describe(media: MediaDescriptor): string {
  const frames = `frames ${media.frameStart}–${media.frameEnd}`;
  const fps = `${formatRate(media.fps)} fps`;
  return `${frames}, ${fps}, ${media.width}×${media.height}`;
}

/** Why two descriptors differ, in words (the warning's detail). */
export function mismatchDetail(local: MediaDescriptor, room: MediaDescriptor): string {
  if (!sameShape(local, room)) return `Yours: ${describe(local)}. Host’s: ${describe(room)}.`;
  if (local.fingerprint && room.fingerprint && local.fingerprint !== room.fingerprint)
    return 'Same frame range, rate and size, but the content differs (fingerprint).';
  return `Yours is “${local.name}”.`;
}

function userName(users: readonly User[], userId: string, selfId: string | null): string {
  if (userId === selfId) return 'you';
  return users.find((user) => user.userId === userId)?.displayName ?? 'someone';
}

export class MediaIdentityUi {
  readonly element: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly bannerText: HTMLElement;
  private readonly bannerDetail: HTMLElement;
  private readonly openButton: HTMLButtonElement;
  private readonly streamButton: HTMLButtonElement;
  /** The room's library can stream the host's shot. */
  private streamable = false;
  private lastView: MediaIdentityView | null = null;
  private readonly waiting: HTMLElement;
  private readonly waitingText: HTMLElement;
  private readonly startNow: HTMLButtonElement;
  private readonly control: HTMLElement;
  private readonly summary: HTMLButtonElement;
  private readonly waitBox: HTMLInputElement;
  private readonly list: HTMLUListElement;
  private readonly input: HTMLInputElement;
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly actions: MediaIdentityUiActions) {
    this.input = inputOfType('file', { testId: 'media-identity-input', attrs: { hidden: '' } });
    this.input.multiple = true;
    this.input.accept = `video/*,image/png,image/jpeg,${ACCEPTED_FILE_TYPES}`;

    this.bannerText = el('span', {
      className: 'rs-media-banner__text',
      testId: 'media-banner-text',
    });
    this.bannerDetail = el('span', {
      className: 'rs-media-banner__detail',
      testId: 'media-banner-detail',
    });
    this.openButton = button({
      className: 'rs-button rs-button--primary',
      testId: 'media-open-copy',
      text: 'Open your copy…',
    });
    this.streamButton = button({
      className: 'rs-button rs-button--primary',
      testId: 'media-stream-button',
      text: 'Play from the room',
      title: 'Stream the host’s shot from the room’s library (no copy needed)',
    });
    this.streamButton.hidden = true;
    this.banner = el(
      'div',
      { className: 'rs-media-banner', testId: 'media-banner', attrs: { role: 'status' } },
      [
        el('div', { className: 'rs-media-banner__body' }, [this.bannerText, this.bannerDetail]),
        this.streamButton,
        this.openButton,
      ],
    );

    this.waitingText = el('span', { testId: 'media-waiting-text' });
    this.startNow = button({
      className: 'rs-button',
      testId: 'media-start-now',
      text: 'Start without them',
      title: 'Turns wait for everyone off; the held play starts now',
    });
    this.waiting = el(
      'div',
      { className: 'rs-media-waiting', testId: 'media-waiting', attrs: { role: 'status' } },
      [this.waitingText, this.startNow],
    );

    this.summary = button({
      className: 'rs-media-control__summary',
      testId: 'media-summary',
      attrs: { 'aria-expanded': 'false' },
    });
    this.waitBox = inputOfType('checkbox', { testId: 'media-wait-for-everyone' });
    const waitLabel = el(
      'label',
      {
        className: 'rs-media-control__wait',
        title: 'Play starts only when everyone has the host’s media ready',
      },
      [this.waitBox, el('span', { text: 'Wait for everyone' })],
    );
    this.list = el('ul', { className: 'rs-media-control__users', testId: 'media-user-list' });
    this.list.hidden = true;
    this.control = el('div', { className: 'rs-media-control', testId: 'media-control' }, [
      el('div', { className: 'rs-media-control__row' }, [this.summary, waitLabel]),
      this.list,
    ]);

    this.element = el('div', { className: 'rs-media-identity', testId: 'media-identity' }, [
      this.banner,
      this.waiting,
      this.control,
      this.input,
    ]);
    this.banner.hidden = true;
    this.waiting.hidden = true;
    this.control.hidden = true;

    this.cleanups.push(
      listen(this.openButton, 'click', () => this.input.click()),
      listen(this.streamButton, 'click', () => this.actions.playFromRoom()),
      listen(this.input, 'change', () => {
        const files = [...(this.input.files ?? [])];
        // Reset so choosing the same file again still fires 'change'.
        this.input.value = '';
        if (files.length > 0) this.actions.openCopy(files);
      }),
      listen(this.waitBox, 'change', () => this.actions.setWaitForEveryone(this.waitBox.checked)),
      listen(this.startNow, 'click', () => this.actions.setWaitForEveryone(false)),
      listen(this.summary, 'click', () => {
        this.list.hidden = !this.list.hidden;
        this.summary.setAttribute('aria-expanded', String(!this.list.hidden));
      }),
    );
  }

  /** Whether the room's library can stream the host's shot now (shows "Play from the room"). */
  setStreamable(streamable: boolean): void {
    this.streamable = streamable;
    if (this.lastView) this.render(this.lastView);
  }

  render(view: MediaIdentityView): void {
    this.lastView = view;
    this.element.dataset.status = view.status;
    this.renderBanner(view);
    this.renderWaiting(view);
    this.renderControl(view);
    // Nothing to show: the element (and, when it is alone there, the status area) takes no room.
    this.element.hidden = this.banner.hidden && this.waiting.hidden && this.control.hidden;
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.element.remove();
  }

  private renderBanner(view: MediaIdentityView): void {
    const room = view.room;
    // Same media (or the host itself, unless it has to reopen the shot): follow silently.
    const asks = view.reopen || !view.isHost;
    const show = view.inRoom && asks && room !== null && view.status !== 'ready';
    this.banner.hidden = !show;
    if (!show || !room) return;
    this.banner.dataset.status = view.status;
    this.banner.dataset.reopen = String(view.reopen);
    const local = view.local;
    if (view.reopen) {
      // A reload put the start-up media on screen: the room still reviews its shot.
      this.bannerText.textContent = `Reopen the room’s shot “${room.name}” (${describe(room)})`;
      this.bannerDetail.textContent = `This page shows “${local?.name ?? 'nothing'}” since it reloaded; you count as not ready and the room’s drawings stay hidden until you open the shot (or drop it here).`;
      this.openButton.textContent = 'Open the shot…';
    } else if (view.status === 'mismatch') {
      this.bannerText.textContent = `Media mismatch: your file is not the host’s “${room.name}”`;
      this.bannerDetail.textContent = local ? mismatchDetail(local, room) : '';
      this.openButton.textContent = 'Open another copy…';
    } else if (view.status === 'loading') {
      this.bannerText.textContent = `Checking your media against the host’s “${room.name}”…`;
      this.bannerDetail.textContent = '';
      this.openButton.textContent = 'Open your copy…';
    } else {
      this.bannerText.textContent = `Host is viewing ${room.name} — open your copy`;
      this.bannerDetail.textContent = local ? `You are viewing “${local.name}”.` : '';
      this.openButton.textContent = 'Open your copy…';
    }
    this.openButton.hidden = view.status === 'loading';
    this.streamButton.hidden = !this.streamable || view.status === 'loading';
  }

  private renderWaiting(view: MediaIdentityView): void {
    const hold = view.hold;
    this.waiting.hidden = hold === null;
    if (!hold) return;
    const count = hold.userIds.length;
    const names = hold.userIds.map((id) => userName(view.users, id, view.selfId)).join(', ');
    this.waitingText.textContent = `Waiting for ${count} ${count === 1 ? 'user' : 'users'}… (${names})`;
    this.startNow.hidden = !view.isHost;
  }

  private renderControl(view: MediaIdentityView): void {
    this.control.hidden = !view.inRoom;
    if (!view.inRoom) return;
    const present = view.users.filter((user) => user.connected);
    const waitingFor = notReadyUsers(present);
    const ready = present.filter((user) => user.mediaStatus === 'ready').length;
    this.summary.textContent =
      waitingFor.length === 0
        ? `Media: ${ready}/${present.length} ready`
        : `Media: ${waitingFor.length} not ready`;
    this.summary.dataset.state = waitingFor.length === 0 ? 'ready' : 'waiting';
    this.waitBox.checked = view.waitForEveryone;
    this.waitBox.disabled = !view.isHost;
    this.list.replaceChildren(
      ...present.map((user) => {
        const item = el('li', {
          className: 'rs-media-control__user',
          testId: `media-user-${user.userId}`,
          attrs: { 'data-media-status': user.mediaStatus },
        });
        item.style.setProperty('--rs-user-color', user.color);
        item.append(
          el('span', {
            className: 'rs-media-control__name',
            text: user.userId === view.selfId ? 'You' : user.displayName,
          }),
          el('span', {
            className: 'rs-media-control__state',
            text: MEDIA_STATUS_LABELS[user.mediaStatus],
          }),
        );
        return item;
      }),
    );
  }
}
