// The sign-in feature: asks the server who this page is signed in as (GET /api/me), shows the
// header's "Sign in with <studio>" button or the signed-in name, hands that name to the room panel
// as the default display name (context.signedIn), goes straight to the sign-in when a room link
// is opened signed out (once per link and tab), and asks again when the server refuses a room
// for want of a sign-in (AUTH_REQUIRED: a session that expired meanwhile).
import type { FeatureMount } from '../../feature';
import { fetchAccount, signInForLink, type AccountState } from './account';
import { SignInControl } from './SignInControl';

/** sessionStorage: the link (path and query) this tab was last sent to sign in for. */
const TRIED_KEY = 'reelsync.signIn.triedFor';

export const mountSignIn: FeatureMount = (context) => {
  const control = new SignInControl(window.location);
  context.header.utility.insertBefore(control.element, context.header.networkSlot);
  let disposed = false;
  let asking: Promise<void> | null = null;
  const show = (state: AccountState): void => {
    if (disposed) return;
    control.render(state);
    context.signedIn.set(state.kind === 'signedIn' ? state.name : null);
    followLink(state);
  };
  const ask = (): Promise<void> =>
    (asking ??= fetchAccount((url, init) => fetch(url, init))
      .then(show)
      .finally(() => {
        asking = null;
      }));
  const followLink = (state: AccountState): void => {
    const { location } = window;
    let tried: string | null = null;
    try {
      tried = sessionStorage.getItem(TRIED_KEY);
    } catch {
      return; // without storage there is no guard against a loop: the button is there
    }
    const href = signInForLink(state, location, tried);
    if (!href) return;
    sessionStorage.setItem(TRIED_KEY, `${location.pathname}${location.search}`);
    location.assign(href);
  };
  void ask();
  const off = context.network.on('error', ({ code }) => {
    if (code !== 'AUTH_REQUIRED') return;
    void ask().then(() => {
      if (!disposed) control.callAttention();
    });
  });
  return () => {
    disposed = true;
    off();
    control.dispose();
  };
};
