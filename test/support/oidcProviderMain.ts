// The OIDC provider's own process (test/support/oidcProvider.ts starts it): runs the provider,
// prints {"issuer"} once it listens, then answers {"id","op","args"} lines on stdin with
// {"id","result"} or {"id","error"} lines; SIGTERM ends it.
import { createInterface } from 'node:readline';
import { runOidcProvider } from './oidcProvider';

const provider = await runOidcProvider();
const reply = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);
createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, op, args } = JSON.parse(line) as { id: number; op: string; args: unknown[] };
  const run = async (): Promise<unknown> => {
    if (op === 'allowRedirect') return provider.allowRedirect(String(args[0]));
    if (op === 'forgeAccessToken')
      return provider.forgeAccessToken(
        args[0] as Record<string, unknown>,
        typeof args[1] === 'string' ? args[1] : undefined,
      );
    throw new Error(`unknown request ${op}`);
  };
  run().then(
    (result) => reply({ id, result: result ?? null }),
    (error: unknown) =>
      reply({ id, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.once('SIGTERM', () => {
  void provider.close().finally(() => process.exit(0));
});
reply({ issuer: provider.issuer });
