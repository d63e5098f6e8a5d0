// Browsers give WebCodecs (VideoDecoder) and WebCrypto (crypto.subtle) only to secure contexts:
// pages from https://, or from localhost / 127.0.0.1. A LAN session opened as
// http://<lan-address>:<port>/ has neither, so video cannot be decoded there. This finds that
// out and says why and how to fix it (shown in the header and instead of a codec error).

/** The parts of the page's global scope this looks at (`globalThis` in the browser). */
export interface PageScope {
  isSecureContext?: boolean;
  VideoDecoder?: unknown;
  crypto?: { subtle?: unknown };
}

/** The page's address, for fixes that name it (`location` in the browser). */
export interface PageAddress {
  protocol: string;
  hostname: string;
  port: string;
}

export interface SecureContextProblem {
  /** `isSecureContext === false`. */
  insecure: boolean;
  /** What is missing because of it: 'VideoDecoder' (no video), 'crypto.subtle'. */
  missing: string[];
}

/** Null when the page can decode video; else what is wrong. */
export function secureContextProblem(
  scope: PageScope = globalThis as PageScope,
): SecureContextProblem | null {
  const insecure = scope.isSecureContext === false;
  const missing: string[] = [];
  if (typeof scope.VideoDecoder !== 'function') missing.push('VideoDecoder');
  if (!scope.crypto?.subtle) missing.push('crypto.subtle');
  // A secure page without crypto.subtle still decodes video (fingerprints fall back to a JS
  // SHA-256); without VideoDecoder in a secure page, the browser simply lacks WebCodecs.
  if (!insecure && !missing.includes('VideoDecoder')) return null;
  return { insecure, missing };
}

/** How to reach the same server from a secure context, for this page's address. */
export function secureContextFixes(address: PageAddress): string[] {
  const port = address.port ? `:${address.port}` : '';
  const host = address.hostname.includes(':') ? `[${address.hostname}]` : address.hostname;
  return [
    `Open https://${host}${port}/ instead: start the server with --https (it prints the address and the certificate fingerprint to accept), or give it --tls-cert and --tls-key.`,
    `Or, on the machine running the server, open http://localhost${port}/.`,
    `Or tunnel to it: ssh -L ${address.port || '8080'}:localhost:${address.port || '8080'} <server>, then open http://localhost:${address.port || '8080'}/.`,
  ];
}

/** One sentence on why video cannot be decoded here. */
export function secureContextReason(problem: SecureContextProblem, address?: PageAddress): string {
  if (!problem.insecure) {
    return 'This browser has no WebCodecs (VideoDecoder), so it cannot decode video: use a current Chrome, Edge or Safari.';
  }
  const where = address ? `${address.protocol}//${address.hostname}` : 'this address';
  return `This page is not a secure context (opened over ${where}), so the browser turns off video decoding (WebCodecs) here.`;
}

/** The message an attempt to open a video gets instead of "cannot decode the codec". */
export function insecureVideoMessage(
  fileName: string,
  problem: SecureContextProblem,
  address?: PageAddress,
): string {
  const fix = problem.insecure && address ? ` ${secureContextFixes(address)[0]}` : '';
  return `${fileName} cannot be played here. ${secureContextReason(problem, address)}${fix}`;
}
