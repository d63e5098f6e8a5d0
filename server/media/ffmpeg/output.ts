// Writing an output without ever exposing half of it: ffmpeg writes to a temp name in the same
// folder, which is renamed onto the final name only when the result has been checked.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Runs `write(tempPath)` then `check(tempPath)`, and renames the temp file to `output` when both
 * succeed; on any failure the temp file is removed and the error passes on.
 */
export async function writeAtomically(
  output: string,
  write: (tempPath: string) => Promise<void>,
  check: (tempPath: string) => Promise<void> = async () => {},
): Promise<void> {
  await mkdir(path.dirname(output), { recursive: true });
  const { name, ext } = path.parse(output);
  // A dot name with the real extension: ffmpeg picks the muxer from it, listings skip it.
  const temp = path.join(
    path.dirname(output),
    `.${name}.partial-${randomBytes(6).toString('hex')}${ext}`,
  );
  try {
    await write(temp);
    await check(temp);
    await rename(temp, output);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
