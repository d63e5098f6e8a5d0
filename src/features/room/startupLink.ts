// A share link (?room=XXXX-XXXX[&pin=…]) opened at startup: a bad code is said in the panel; a
// good one asks to join (linkJoin.ts) once a reload's own room resume has settled.
import type { NetworkSyncManager } from '../../network/NetworkSyncManager';
import { localStore } from '../../ui/components/shared/storage';
import type { JoinLinkDialog } from './JoinLinkDialog';
import { askToJoinFromLink } from './linkJoin';
import { networkErrorText } from './networkTexts';
import type { RoomPanel } from './RoomPanel';
import { parseShareLink, withoutShareParams } from './shareLink';

/** Takes a share link's parameters out of the address (once used, or not valid). */
export function clearShareParams(win: Pick<Window, 'location' | 'history'>): void {
  if (win.location.search.includes('room=')) {
    win.history.replaceState(win.history.state, '', withoutShareParams(win.location.href));
  }
}

export interface StartupLinkDeps {
  network: NetworkSyncManager;
  panel: RoomPanel;
  win: Pick<Window, 'location' | 'history'>;
  /** Settles once a stored room (page reload) was resumed or not. */
  resumed: Promise<unknown>;
  /** Where the question opens (default: document.body). */
  dialogHost?: HTMLElement;
  /** Redraws the room UI after the question was answered. */
  render(): void;
}

export interface StartupLink {
  /** The question asked before joining (null: none open). */
  readonly dialog: JoinLinkDialog | null;
  dispose(): void;
}

export function openStartupLink(deps: StartupLinkDeps): StartupLink {
  const { network, panel, win } = deps;
  let dialog: JoinLinkDialog | null = null;
  let disposed = false;
  const link = parseShareLink(win.location.search);
  if (link.kind === 'invalid') {
    panel.showError(`This link's room code "${link.raw.slice(0, 20)}" is not valid (XXXX-XXXX).`);
    clearShareParams(win);
  } else if (link.kind === 'room') {
    void deps.resumed.then(() => {
      if (disposed) return;
      if (network.roomCode === link.roomId) {
        clearShareParams(win);
        return;
      }
      if (network.roomCode) return; // already in another room (a reload): leave it to the user
      // Ask first: a link (or a page framing one) must not put anyone in a room unasked.
      dialog = askToJoinFromLink({
        network,
        container: deps.dialogHost ?? document.body,
        roomId: link.roomId,
        pin: link.pin,
        storage: localStore(),
        errorText: networkErrorText,
        done: (displayName) => {
          dialog = null;
          if (displayName) panel.displayName = displayName;
          clearShareParams(win);
          deps.render();
        },
      });
    });
  }
  return {
    get dialog() {
      return dialog;
    },
    dispose() {
      disposed = true;
      dialog?.close();
    },
  };
}
