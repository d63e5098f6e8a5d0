// What the CLI prints once the server listens: every address it answers on, the sync endpoint,
// the share-link base,
// and for https the certificate's fingerprint (people compare it with the browser's before
// accepting a self-signed certificate).
import type { RunningServer } from './index';

export function startupBanner(
  server: Pick<RunningServer, 'urls' | 'publicUrl' | 'certificate' | 'syncUrl'> &
    Partial<Pick<RunningServer, 'mediaBanner' | 'reviews'>>,
): string {
  const lines = ['ReelSync is running at:', ...server.urls.map((url) => `  ${url}`)];
  if (
    server.urls.length === 1 &&
    /^https?:\/\/(localhost|127\.|\[::1\])/.test(server.urls[0] ?? '')
  )
    lines.push('  (this machine only: start with --host 0.0.0.0 to serve your network)');
  // For programs that speak the protocol (the SDK, scripts, the multi-instance tests).
  lines.push(`Sync endpoint (for programs): ${server.syncUrl}`);
  lines.push(
    server.publicUrl
      ? `Share links use ${server.publicUrl} (--public-url).`
      : 'Share links use the address the page was opened at (set --public-url to change it).',
  );
  lines.push(...(server.mediaBanner ?? []));
  lines.push(
    server.reviews
      ? `Reviews are kept in ${server.reviews.where}: a room's link reopens it after it ends or the server restarts (--no-reviews to turn off).`
      : 'Reviews are not kept: a room ends with its last use (--reviews to keep them).',
  );
  const certificate = server.certificate;
  if (certificate) {
    lines.push(
      certificate.source === 'generated'
        ? `HTTPS with a self-signed certificate${certificate.file ? ` (${certificate.file})` : ''}.`
        : `HTTPS with the certificate${certificate.file ? ` ${certificate.file}` : ''}.`,
      `  SHA-256 fingerprint: ${certificate.fingerprint}`,
    );
    if (certificate.source === 'generated')
      lines.push(
        '  Browsers warn about a self-signed certificate: check that the fingerprint they show',
        '  matches this one, then accept it (once per browser).',
      );
  } else if (server.urls.some((url) => !/^http:\/\/(localhost|127\.|\[::1\])/.test(url))) {
    lines.push(
      'Over plain http, browsers decode video only at localhost: for other machines start',
      'with --https (or give --tls-cert/--tls-key), or have them use an SSH tunnel to localhost.',
    );
  }
  return lines.join('\n');
}
