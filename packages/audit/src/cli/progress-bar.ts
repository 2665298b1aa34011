/**
 * A one-line progress bar on stderr, redrawn in place with `\r` (no dependency):
 *   replay  [==========>         ]  52%  520,000 / 1,000,000 events  183,412 events/s  ETA 0:03
 * Redraws at most every `intervalMs`; `done()` draws the last state and ends the line.
 */
export interface ProgressOutput {
  write(chunk: string | Uint8Array): unknown;
}

export interface ProgressBarOptions {
  readonly width?: number;
  readonly intervalMs?: number;
  /** Unit counted, e.g. 'events', 'families'. */
  readonly unit?: string;
  /** Show the rate (unit/s). */
  readonly rate?: boolean;
  readonly now?: () => number;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export class ProgressBar {
  private readonly width: number;
  private readonly intervalMs: number;
  private readonly now: () => number;
  private readonly started: number;
  private lastDraw = -Infinity;
  private lastLength = 0;
  private current = 0;
  private total = 0;

  constructor(
    private readonly out: ProgressOutput | undefined,
    private readonly label: string,
    private readonly options: ProgressBarOptions = {},
  ) {
    this.width = options.width ?? 24;
    this.intervalMs = options.intervalMs ?? 100;
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
  }

  update(current: number, total: number): void {
    this.current = current;
    this.total = total;
    const now = this.now();
    if (now - this.lastDraw >= this.intervalMs) {
      this.lastDraw = now;
      this.draw(now);
    }
  }

  done(): void {
    this.draw(this.now());
    this.out?.write('\n');
  }

  /** The text of the bar as it would be drawn now. */
  render(now = this.now()): string {
    const ratio = this.total > 0 ? Math.min(1, this.current / this.total) : 1;
    const filled = Math.round(ratio * this.width);
    const bar = filled >= this.width ? '='.repeat(this.width) : `${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${' '.repeat(this.width - filled)}`;
    const unit = this.options.unit ?? '';
    const seconds = (now - this.started) / 1000;
    const perSecond = seconds > 0 ? this.current / seconds : 0;
    const rate = this.options.rate && seconds > 0 ? `  ${integer.format(perSecond)} ${unit}/s` : '';
    // At the rate so far; none before the first progress nor once done.
    const eta = this.options.rate && perSecond > 0 && this.current < this.total ? `  ETA ${duration((this.total - this.current) / perSecond)}` : '';
    return `${this.label}  [${bar}] ${String(Math.floor(ratio * 100)).padStart(3)}%  ${integer.format(this.current)} / ${integer.format(this.total)} ${unit}${rate}${eta}`.trimEnd();
  }

  private draw(now: number): void {
    if (!this.out) return;
    const text = this.render(now);
    this.out.write(`\r${text}${' '.repeat(Math.max(0, this.lastLength - text.length))}`);
    this.lastLength = text.length;
  }
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function duration(totalSeconds: number): string {
  const s = Math.ceil(totalSeconds);
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
