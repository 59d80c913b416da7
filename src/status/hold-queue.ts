// Sites whose change into down waits out the hold, in the order they fall due.

export interface Held<T> {
  readonly item: T;
  readonly due: number;
}

/** A FIFO: every hold is equally long, so items fall due in the order they were added. */
export class HoldQueue<T> {
  private items: Held<T>[] = [];
  private head = 0;

  push(item: T, due: number): void {
    this.items.push({ item, due });
  }

  /** Takes every entry due at `now`, oldest first. */
  takeDue(now: number): Held<T>[] {
    const out: Held<T>[] = [];
    for (
      let h = this.items[this.head];
      h !== undefined && h.due <= now;
      h = this.items[this.head]
    ) {
      out.push(h);
      this.head++;
    }
    if (this.head > 256 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return out;
  }

  /** After a restore, entries come in site order: put them in time order. */
  sort(): void {
    this.items = this.items.slice(this.head).sort((a, b) => a.due - b.due);
    this.head = 0;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
