// Reads ffmpeg's `-progress pipe:1` output (key=value lines, a block per report ending in
// `progress=continue` or `progress=end`) as a fraction of the frames to write.

/** Report progress at most this often (fraction steps): the room sees a percent, not a flood. */
const REPORT_STEP = 0.01;

export class ProgressReader {
  private frame = 0;
  private reported = 0;

  constructor(
    private readonly totalFrames: number,
    private readonly onProgress?: (fraction: number) => void,
  ) {}

  /** Reads one line; true when the count of written frames grew (the job is moving). */
  readLine(line: string): boolean {
    const match = /^frame=\s*(\d+)$/.exec(line);
    if (!match) return false;
    const frame = Number(match[1]);
    if (frame <= this.frame) return false;
    this.frame = frame;
    // Held below 1 until the output has been checked: "done" is the caller's word.
    const fraction = Math.min(frame / Math.max(this.totalFrames, 1), 0.99);
    if (fraction - this.reported >= REPORT_STEP) {
      this.reported = fraction;
      this.onProgress?.(fraction);
    }
    return true;
  }

  get framesWritten(): number {
    return this.frame;
  }
}
