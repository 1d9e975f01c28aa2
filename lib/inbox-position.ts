// Where a client stands in a person's inbox. Positions (`seq`) are contiguous per person,
// so a client can tell when it missed one: it keeps the highest position up to which it
// has seen everything (what it reconnects and catches up from), apart from the positions
// it saw beyond a hole. Events from several instances may arrive slightly out of order,
// so a hole is only a gap once it has lasted a moment (the client's grace period).
export class InboxPosition {
  private contiguous: number | undefined;
  private readonly ahead = new Set<number>();

  constructor(start?: number) {
    this.contiguous = start;
  }

  /** Everything up to here has been seen; undefined before the first position is known. */
  get value(): number | undefined {
    return this.contiguous;
  }

  /** True while some position below one already seen is missing. */
  get hasGap(): boolean {
    return this.ahead.size > 0;
  }

  /** Records a position that was shown (live, from a catch-up or from a page). */
  see(seq: number): void {
    if (this.contiguous === undefined) {
      this.contiguous = seq;
      return;
    }
    if (seq <= this.contiguous) return;
    this.ahead.add(seq);
    this.advance();
  }

  /** The server accounted for everything up to `seq` (a catch-up): holes below it are closed. */
  settle(seq: number): void {
    if (this.contiguous === undefined || seq > this.contiguous) this.contiguous = seq;
    for (const s of this.ahead) if (s <= this.contiguous) this.ahead.delete(s);
    this.advance();
  }

  private advance(): void {
    while (this.contiguous !== undefined && this.ahead.delete(this.contiguous + 1)) this.contiguous++;
  }
}
