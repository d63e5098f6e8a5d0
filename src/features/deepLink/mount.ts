// Deep links (docs/deep-links.md): at startup, unwraps a `?link=web+reelsync:…` the protocol
// handler passed, then carries out `?room=…&item=…&frame=…&in=…&out=…` (DeepLinkRunner: the
// room feature asks to join, this waits for it and for media); the header's link menu copies
// links to the frame on screen and installs the protocol handler. Mounted before the room
// feature, so it reads the unwrapped `?room=`.
import type { FeatureMount } from '../../feature';
import { copyText } from '../../ui/components/shared/clipboard';
import {
  buildDeepLink,
  buildProtocolLink,
  DEEP_LINK_PARAMS,
  LINK_PARAM,
  LINK_SCHEME,
  movesPlayhead,
  parseDeepLink,
  protocolHandlerUrl,
  unwrapProtocolLink,
  withoutDeepLinkParams,
  type DeepLinkTarget,
} from '../../protocol/index';
import { DeepLinkRunner } from './DeepLinkRunner';
import { LinkMenu } from './LinkMenu';
import { LinkStatus, describeTarget } from './LinkStatus';
import './deepLink.css';

/** The parameters this feature removes once the link was carried out (room/pin: the room feature's). */
const OWN_PARAMS = DEEP_LINK_PARAMS.filter((name) => name !== 'room' && name !== 'pin');

export const mountDeepLink: FeatureMount = (context) => {
  const { toasts, session, network } = context;
  const replaceAddress = (href: string): void =>
    window.history.replaceState(window.history.state, '', href);

  const unwrapped = unwrapProtocolLink(window.location.search);
  if (unwrapped.kind !== 'none') {
    const url = new URL(window.location.href);
    url.search = unwrapped.kind === 'link' ? unwrapped.search : '';
    if (unwrapped.kind === 'invalid') url.searchParams.delete(LINK_PARAM);
    replaceAddress(url.toString());
    if (unwrapped.kind === 'invalid')
      toasts.show(`This ${LINK_SCHEME}: link could not be opened: ${unwrapped.reason}.`, {
        kind: 'error',
      });
  }

  const parsed = parseDeepLink(window.location.search);
  // An unusable room code is the room feature's to report (it shows the error in its panel).
  const problems = parsed.problems.filter((problem) => !problem.startsWith('room '));
  let runner: DeepLinkRunner | null = null;
  let status: LinkStatus | null = null;
  if (movesPlayhead(parsed.target) || problems.length > 0) {
    const active = new DeepLinkRunner(
      parsed.target,
      { playback: session, network, items: context.linkItems },
      problems,
    );
    const line = new LinkStatus(() => active.dismiss());
    context.status.append(line.element);
    active.on('changed', (phase) => {
      line.render(phase, parsed.target);
      if (phase.kind === 'done' || phase.kind === 'dismissed')
        replaceAddress(withoutDeepLinkParams(window.location.href, OWN_PARAMS));
      if (phase.kind === 'done' && phase.applied.length > 0)
        toasts.show(`Opened the link: ${phase.applied.join(', ')}`, { kind: 'success' });
    });
    runner = active;
    status = line;
    // After the room feature mounted and a reload's own room resume settled.
    void context.roomResumed.then(() => {
      if (runner === active) active.start();
    });
  }

  const current = (): DeepLinkTarget => {
    const range =
      session.inPoint !== session.frameStart || session.outPoint !== session.frameEnd
        ? { inFrame: session.inPoint, outFrame: session.outPoint }
        : {};
    return {
      ...(network.roomCode ? { room: network.roomCode } : {}),
      frame: context.displayedFrame() ?? session.currentFrame,
      ...range,
    };
  };
  const copy = async (text: string, what: string): Promise<void> => {
    if (await copyText(text)) toasts.show(`${what} copied: ${text}`, { kind: 'success' });
    else
      toasts.show(`Could not copy; select and copy it yourself: ${text}`, {
        kind: 'error',
        durationMs: 0,
      });
  };
  const handlerSupported = typeof navigator.registerProtocolHandler === 'function';
  const menu = new LinkMenu({ handlerSupported });
  context.header.utility.insertBefore(menu.element, context.header.networkSlot);
  menu.on('copyFrameLink', () => {
    const target = current();
    void copy(buildDeepLink(context.shareBase.url, target), `Link to ${describeTarget(target)}`);
  });
  menu.on(
    'copyProtocolLink',
    () => void copy(buildProtocolLink(current()), `${LINK_SCHEME}: link`),
  );
  menu.on('installHandler', () => {
    try {
      navigator.registerProtocolHandler(LINK_SCHEME, protocolHandlerUrl(window.location.href));
      toasts.show(
        `The browser asks whether this player opens ${LINK_SCHEME}: links; confirm in its prompt (address bar).`,
        { kind: 'info', durationMs: 8000 },
      );
    } catch (error) {
      // Browsers refuse pages on another origin than the handler URL, and non-https pages other
      // than localhost.
      const reason = error instanceof Error ? error.message : String(error);
      toasts.show(
        `This page cannot register the ${LINK_SCHEME}: handler (${reason}). Open the player over https (or localhost) and try again.`,
        { kind: 'error', durationMs: 0 },
      );
    }
  });

  return () => {
    runner?.dispose();
    runner = null;
    status?.dispose();
    menu.dispose();
  };
};
