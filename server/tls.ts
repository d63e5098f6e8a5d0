// `--https`: a self-signed certificate for LAN sessions (generated with the `selfsigned`
// library), kept in a directory so browsers that accepted it once keep accepting it across
// restarts. A stored certificate is reused while it is valid and covers every current name;
// otherwise a new one is generated (a new LAN address means a new certificate).
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface CertificateNames {
  dns: string[];
  ips: string[];
}

export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex (as browsers show it). */
  fingerprint: string;
  /** Where the certificate is stored (null: only in memory, the directory was not writable). */
  file: string | null;
  /** True when this start generated it (false: reused from `file`). */
  generated: boolean;
}

const CERT_FILE = 'selfsigned-cert.pem';
const KEY_FILE = 'selfsigned-key.pem';
const VALID_DAYS = 365;
/** A stored certificate expiring sooner than this is replaced. */
const RENEW_BEFORE_MS = 7 * 24 * 3600_000;

export function defaultCertDir(): string {
  return path.join(tmpdir(), 'reelsync-tls');
}

export function certificateFingerprint(certPem: string | Buffer): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** True when `certPem` is valid for at least RENEW_BEFORE_MS more and covers every name. */
export function coversNames(certPem: string, names: CertificateNames, now = Date.now()): boolean {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    return false;
  }
  if (Date.parse(cert.validTo) - now < RENEW_BEFORE_MS || Date.parse(cert.validFrom) > now)
    return false;
  return (
    names.dns.every((name) => cert.checkHost(name, { subject: 'never' }) !== undefined) &&
    names.ips.every((ip) => cert.checkIP(ip) !== undefined)
  );
}

export async function generateCertificate(
  names: CertificateNames,
  now = new Date(),
): Promise<{ cert: string; key: string }> {
  const notAfter = new Date(now.getTime() + VALID_DAYS * 24 * 3600_000);
  const pems = await generate([{ name: 'commonName', value: 'ReelSync LAN' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...names.dns.map((value) => ({ type: 2 as const, value })),
          ...names.ips.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** The stored certificate in `dir` if it still fits `names`, else a newly generated (and stored) one. */
export async function loadOrCreateCertificate(
  dir: string,
  names: CertificateNames,
): Promise<TlsMaterial> {
  const certFile = path.join(dir, CERT_FILE);
  const keyFile = path.join(dir, KEY_FILE);
  const stored = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]).catch(
    () => null,
  );
  if (stored && coversNames(stored[0], names) && keyMatches(stored[0], stored[1])) {
    const [cert, key] = stored;
    return {
      cert,
      key,
      fingerprint: certificateFingerprint(cert),
      file: certFile,
      generated: false,
    };
  }
  const { cert, key } = await generateCertificate(names);
  let file: string | null = certFile;
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // Write beside and rename, so a concurrent start never reads half a file.
    const suffix = `.${process.pid}.tmp`;
    await writeFile(keyFile + suffix, key, { mode: 0o600 });
    await writeFile(certFile + suffix, cert, { mode: 0o644 });
    await rename(keyFile + suffix, keyFile);
    await rename(certFile + suffix, certFile);
  } catch {
    file = null;
  }
  return { cert, key, fingerprint: certificateFingerprint(cert), file, generated: true };
}

function keyMatches(certPem: string, keyPem: string): boolean {
  try {
    return new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem));
  } catch {
    return false;
  }
}
