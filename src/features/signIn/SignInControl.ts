// The header's sign-in control (chrome, never over the picture): "Sign in with <studio>" while
// signed out, the signed-in name and Sign out while signed in, nothing when sign-in is off.
import { el } from '../../ui/components/shared/dom';
import { loginHref, type AccountState } from './account';
import './signIn.css';

export class SignInControl {
  readonly element: HTMLElement;

  constructor(private readonly location: Pick<Location, 'pathname' | 'search' | 'hash'>) {
    this.element = el('div', { className: 'rs-signin', testId: 'signin' });
    this.element.hidden = true;
  }

  render(state: AccountState): void {
    this.element.replaceChildren();
    this.element.classList.remove('rs-signin--attention');
    this.element.hidden = state.kind === 'off' || state.kind === 'unknown';
    if (state.kind === 'signedOut') {
      this.element.append(
        el('a', {
          className: 'rs-button rs-button--primary',
          testId: 'signin-button',
          text: `Sign in with ${state.provider}`,
          title: 'This server admits only its studio’s accounts: sign in to create or join rooms',
          attrs: { href: loginHref(state.loginUrl, this.location) },
        }),
      );
    } else if (state.kind === 'signedIn') {
      const signOut = el('button', {
        className: 'rs-button',
        testId: 'signout-button',
        text: 'Sign out',
      });
      signOut.type = 'submit';
      this.element.append(
        el('span', {
          className: 'rs-signin__user',
          testId: 'signin-user',
          text: state.name,
          title: `Signed in with ${state.provider}${state.email ? ` as ${state.email}` : ''}`,
        }),
        // A form POST: signing out is not something a link elsewhere can do to you.
        el('form', { attrs: { method: 'post', action: state.logoutUrl } }, [signOut]),
      );
    }
  }

  /** The server refused a room for want of a sign-in: draw the eye to the button. */
  callAttention(): void {
    this.element.classList.add('rs-signin--attention');
    this.element.querySelector<HTMLAnchorElement>('a')?.focus();
  }

  dispose(): void {
    this.element.remove();
  }
}
