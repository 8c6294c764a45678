/**
 * When to re-read the review: one timer at a time. A request due no later than the waiting one is
 * covered by it; a sooner one (the job finished, an edit) replaces a throttled read still waiting,
 * so a finished analysis never keeps showing the review of a few seconds before.
 */
export class ReadScheduler {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private due = 0;

  constructor(
    private readonly read: () => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  request(delayMs: number): void {
    const due = this.now() + delayMs;
    if (this.timer) {
      if (this.due <= due) return;
      clearTimeout(this.timer);
    }
    this.due = due;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.read();
    }, delayMs);
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
