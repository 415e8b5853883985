import { formatDuration } from './units.js';

/**
 * One status line on stderr, rewritten in place, only when stderr is a terminal and the
 * user did not ask for quiet. Logs stay JSON; this is for the person watching.
 */
export class Progress {
  private readonly enabled: boolean;
  private lastLength = 0;

  constructor(enabled: boolean, private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.enabled = enabled && Boolean(stream.isTTY);
  }

  update(text: string): void {
    if (!this.enabled) return;
    const line = text.slice(0, (this.stream.columns || 80) - 1);
    this.stream.write(`\r${line}${' '.repeat(Math.max(0, this.lastLength - line.length))}`);
    this.lastLength = line.length;
  }

  collecting(elapsedMs: number, totalMs: number, samples: number): void {
    const pct = Math.min(100, Math.round((100 * elapsedMs) / totalMs));
    this.update(`scout-agent: collecting ${formatDuration(Math.min(elapsedMs, totalMs))} of ${formatDuration(totalMs)} (${pct}%), ${samples} samples`);
  }

  done(): void {
    if (!this.enabled || this.lastLength === 0) return;
    this.stream.write(`\r${' '.repeat(this.lastLength)}\r`);
    this.lastLength = 0;
  }
}
