// One series' times and field values gathered into growing Float64Arrays: 8 bytes a value instead of
// a boxed number in a row array, so a month of 5-minute buckets for hundreds of sites stays small.

const DEFAULT_CAPACITY = 1_024;

export interface SeriesArrays {
  /** Epoch ms, strictly ascending. */
  readonly timesMs: Float64Array;
  /** One array per field, as long as timesMs; NaN where the field has no value at that time. */
  readonly values: Readonly<Record<string, Float64Array>>;
}

export class SeriesColumns {
  private times: Float64Array;
  private readonly columns: Float64Array[];
  private length = 0;

  /** `capacity`: the points expected (a range's buckets), so the arrays need not grow or be cut. */
  constructor(
    readonly fields: readonly string[],
    capacity: number = DEFAULT_CAPACITY,
  ) {
    const size = Math.max(1, Math.floor(capacity));
    this.times = new Float64Array(size);
    this.columns = fields.map(() => new Float64Array(size));
  }

  get size(): number {
    return this.length;
  }

  /** Appends one time; `valueAt(i)` gives field i's value. Throws on a time not after the last. */
  append(timeMs: number, valueAt: (field: number) => number): void {
    const last = this.length > 0 ? (this.times[this.length - 1] as number) : -Infinity;
    // Every point once, in order: a repeat or a step back would double-count a bucket.
    if (!(timeMs > last))
      throw new Error(`series time ${timeMs} is not after the previous one (${last})`);
    if (this.length === this.times.length) this.grow();
    this.times[this.length] = timeMs;
    for (let i = 0; i < this.columns.length; i++)
      (this.columns[i] as Float64Array)[this.length] = valueAt(i);
    this.length += 1;
  }

  private grow(): void {
    const bigger = (old: Float64Array): Float64Array => {
      const next = new Float64Array(old.length * 2);
      next.set(old);
      return next;
    };
    this.times = bigger(this.times);
    for (let i = 0; i < this.columns.length; i++)
      this.columns[i] = bigger(this.columns[i] as Float64Array);
  }

  /** The arrays cut to length: as they are when full, else copies (the spare capacity is let go). */
  finish(): SeriesArrays {
    const cut = (array: Float64Array): Float64Array =>
      array.length === this.length ? array : array.slice(0, this.length);
    const values: Record<string, Float64Array> = {};
    this.fields.forEach((field, i) => {
      values[field] = cut(this.columns[i] as Float64Array);
    });
    return { timesMs: cut(this.times), values };
  }
}
