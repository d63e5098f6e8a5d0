// Runs ffmpeg or ffprobe as a child process with a time limit, a stall limit (no progress reported
// on stdout for too long, where `-progress pipe:1` writes) and an abort signal; each kills the
// child with SIGKILL and the promise settles only after the child has exited, so no process
// outlives its job.
import { spawn } from 'node:child_process';
import { MediaToolError } from './errors';

export interface RunToolOptions {
  /** Kill the child after this long in total (TIMED_OUT). */
  timeoutMs?: number;
  /** Kill the child when no progress is seen for this long (STALLED). */
  stallMs?: number;
  /** Whether a stdout line shows progress (re-arms the stall timer); default: any output does. */
  isProgress?: (line: string) => boolean;
  /** Kill the child when aborted (ABORTED). */
  signal?: AbortSignal;
  /** Each complete line of stdout, as it arrives. */
  onStdoutLine?: (line: string) => void;
  /** Stdout bytes kept for the result (default 8 MiB); more is dropped, not buffered. */
  maxStdoutBytes?: number;
}

export interface RunToolResult {
  exitCode: number | null;
  stdout: string;
  /** The end of stderr (the last 8 KiB), where ffmpeg says why it failed. */
  stderrTail: string;
}

const STDERR_TAIL_BYTES = 8 * 1024;
const DEFAULT_MAX_STDOUT = 8 * 1024 * 1024;

type Kill = { code: 'TIMED_OUT' | 'STALLED' | 'ABORTED'; message: string };

/** Runs `command args`; rejects with MediaToolError for a missing tool, a timeout, a stall or an abort. */
export function runTool(
  command: string,
  args: readonly string[],
  options: RunToolOptions = {},
): Promise<RunToolResult> {
  const { timeoutMs, stallMs, signal, onStdoutLine, isProgress } = options;
  const maxStdout = options.maxStdoutBytes ?? DEFAULT_MAX_STDOUT;
  const tool = command.split(/[\\/]/).pop() ?? command;
  return new Promise<RunToolResult>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new MediaToolError('ABORTED', `${tool} was cancelled before it started.`));
      return;
    }
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdoutChunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrTail = '';
    let pendingLine = '';
    let killedFor: Kill | null = null;
    let spawnError: NodeJS.ErrnoException | null = null;
    let stallTimer: NodeJS.Timeout | undefined;

    const kill = (reason: Kill) => {
      if (killedFor || child.exitCode !== null || child.signalCode !== null) return;
      killedFor = reason;
      child.kill('SIGKILL');
    };
    const armStall = () => {
      if (stallMs === undefined) return;
      clearTimeout(stallTimer);
      stallTimer = setTimeout(
        () =>
          kill({
            code: 'STALLED',
            message: `${tool} made no progress for ${Math.round(stallMs / 1000)} s and was stopped.`,
          }),
        stallMs,
      );
    };
    const totalTimer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(
            () =>
              kill({
                code: 'TIMED_OUT',
                message: `${tool} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped.`,
              }),
            timeoutMs,
          );
    const onAbort = () => kill({ code: 'ABORTED', message: `${tool} was cancelled.` });
    signal?.addEventListener('abort', onAbort, { once: true });
    armStall();

    child.stdout.on('data', (chunk: Buffer) => {
      if (!isProgress) armStall();
      if (stdoutBytes < maxStdout) {
        stdoutChunks.push(chunk);
        stdoutBytes += chunk.length;
      }
      if (onStdoutLine || isProgress) {
        const lines = (pendingLine + chunk.toString('utf8')).split('\n');
        pendingLine = lines.pop() ?? '';
        for (const raw of lines) {
          const line = raw.trimEnd();
          if (isProgress?.(line)) armStall();
          onStdoutLine?.(line);
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error;
    });
    child.on('close', (exitCode) => {
      clearTimeout(stallTimer);
      clearTimeout(totalTimer);
      signal?.removeEventListener('abort', onAbort);
      if (spawnError) {
        reject(
          spawnError.code === 'ENOENT' || spawnError.code === 'EACCES'
            ? new MediaToolError(
                'TOOL_MISSING',
                `${tool} is not installed (looked for "${command}"); install the ffmpeg package.`,
              )
            : new MediaToolError('PROBE_FAILED', `${tool} could not start: ${spawnError.message}`),
        );
        return;
      }
      if (killedFor) {
        reject(new MediaToolError(killedFor.code, killedFor.message, stderrTail));
        return;
      }
      if (onStdoutLine && pendingLine) onStdoutLine(pendingLine.trimEnd());
      resolve({
        exitCode,
        stdout: Buffer.concat(stdoutChunks).toString('utf8'),
        stderrTail,
      });
    });
  });
}

/**
 * Why a tool failed, for a message people see: the last non-empty line of its stderr, with file
 * paths taken out (they are the server's business).
 */
export function failureReason(stderrTail: string): string {
  const lines = stderrTail
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const last = lines[lines.length - 1] ?? '';
  return last
    .replace(/^(?:file:)?\/\S*?:\s*/, '')
    .replace(/(?:file:)?\/[^\s'",:]+/g, '<file>')
    .trim();
}

/** A TRANSCODE_FAILED error for an ffmpeg run that exited with an error while making `what`. */
export function transcodeFailure(what: string, stderrTail: string): MediaToolError {
  const reason = failureReason(stderrTail);
  return new MediaToolError(
    'TRANSCODE_FAILED',
    `ffmpeg could not make ${what}${reason ? `: ${reason}` : ''}.`,
    stderrTail,
  );
}
