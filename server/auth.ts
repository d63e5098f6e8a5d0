// Secrets: PINs are kept only as salted scrypt hashes and compared in constant time;
// session and host tokens (high-entropy) are kept as sha256 digests.
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt cost: N=2^14, r=8 → ~16 MiB and ~30–50 ms per check; slow enough to make offline
// guessing of a short PIN from a leaked store expensive, fast enough for interactive joins.
const SCRYPT: ScryptOptions = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

function scryptAsync(secret: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFKC'), salt, KEY_LENGTH, SCRYPT, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`. */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(pin, salt);
  return [
    'scrypt',
    SCRYPT.N,
    SCRYPT.r,
    SCRYPT.p,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, , , , saltB64, hashB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, 'base64');
  const actual = await scryptAsync(pin, Buffer.from(saltB64, 'base64'));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time comparison of a presented token with a stored sha256 digest. */
export function tokenMatches(token: string, storedHash: string): boolean {
  const actual = Buffer.from(hashToken(token), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The hash queue is full: answer SERVER_BUSY with this retry delay. */
export class HashBusyError extends Error {
  override readonly name = 'HashBusyError';
  constructor(readonly retryAfterMs: number) {
    super('PIN hash queue full');
  }
}

/**
 * Runs scrypt a few at a time. scrypt runs on libuv's thread pool (4 threads), which also
 * serves file reads: an unbounded burst of PIN checks starved the static files (GET / took
 * 7.8 s during 600 guesses). At most `concurrency` hashes run; up to `capacity` wait; more
 * are refused at once (HashBusyError) with a retry delay from the measured hash time.
 */
export class HashQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  /** Smoothed duration of one hash (ms). */
  private averageMs = 50;

  constructor(
    private readonly concurrency: number,
    private readonly capacity: number,
  ) {}

  get pending(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= Math.max(1, this.concurrency)) {
      if (this.waiting.length >= this.capacity) {
        const ahead = this.waiting.length + this.running;
        throw new HashBusyError(
          Math.ceil((ahead * this.averageMs) / Math.max(1, this.concurrency)),
        );
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    const started = performance.now();
    try {
      return await task();
    } finally {
      this.averageMs = this.averageMs * 0.8 + (performance.now() - started) * 0.2;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter (running stays the same).
      if (next) next();
      else this.running--;
    }
  }

  hash(pin: string): Promise<string> {
    return this.run(() => hashPin(pin));
  }

  verify(pin: string, stored: string): Promise<boolean> {
    return this.run(() => verifyPin(pin, stored));
  }
}
