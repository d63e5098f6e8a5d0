// The header's link button and its small menu: copy a deep link to the frame on screen (with the
// in/out range, and the room when in one), and install the web+reelsync: protocol handler so
// such links open this player. Pure view: it emits what the person picked.
import { EventEmitter } from '../../utils/EventEmitter';
import {
  button,
  el,
  iconButton,
  listen,
  onPointerDownOutside,
} from '../../ui/components/shared/dom';
import { setIcon } from '../../ui/components/shared/Icons';

export type LinkMenuEvents = {
  copyFrameLink: void;
  copyProtocolLink: void;
  installHandler: void;
};

export class LinkMenu extends EventEmitter<LinkMenuEvents> {
  readonly element: HTMLElement;
  private readonly menu: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly cleanups: Array<() => void> = [];

  constructor(options: { handlerSupported: boolean }) {
    super();
    this.toggle = iconButton('Links to this frame', { testId: 'link-menu-button' });
    setIcon(this.toggle, 'link');
    this.toggle.setAttribute('aria-haspopup', 'menu');
    this.toggle.setAttribute('aria-expanded', 'false');
    const item = (text: string, testId: string, event: keyof LinkMenuEvents, title: string) => {
      const entry = button({ className: 'rs-link-menu__item', testId, text, title });
      entry.setAttribute('role', 'menuitem');
      this.cleanups.push(
        listen(entry, 'click', () => {
          this.close();
          this.emit(event, undefined);
        }),
      );
      return entry;
    };
    const install = item(
      'Open web+reelsync: links here',
      'install-link-handler',
      'installHandler',
      'Register this player as the handler of web+reelsync: links (the browser asks to confirm)',
    );
    install.disabled = !options.handlerSupported;
    if (!options.handlerSupported)
      install.title = 'This browser cannot register link handlers (Chrome, Edge and Firefox can)';
    this.menu = el(
      'div',
      { className: 'rs-link-menu', testId: 'link-menu', attrs: { role: 'menu' } },
      [
        item(
          'Copy link to this frame',
          'copy-frame-link',
          'copyFrameLink',
          'A link that opens this room (if any) at this frame and in/out',
        ),
        item(
          'Copy web+reelsync: link',
          'copy-protocol-link',
          'copyProtocolLink',
          'The same link for players that installed the web+reelsync: handler',
        ),
        install,
      ],
    );
    this.menu.hidden = true;
    this.element = el('div', { className: 'rs-link-menu-host' }, [this.toggle, this.menu]);
    this.cleanups.push(
      listen(this.toggle, 'click', () => (this.menu.hidden ? this.open() : this.close())),
      onPointerDownOutside(this.element, () => this.close()),
    );
  }

  open(): void {
    this.menu.hidden = false;
    this.toggle.setAttribute('aria-expanded', 'true');
  }

  close(): void {
    this.menu.hidden = true;
    this.toggle.setAttribute('aria-expanded', 'false');
  }

  dispose(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.element.remove();
    this.removeAllListeners();
  }
}
