/**
 * The generator's timeline: actions run in time order (ties in the order they were scheduled),
 * and an action may schedule later ones (a payment's expiry, a cancellation). A binary heap.
 */
interface Scheduled {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
}

export class ActionQueue {
  private readonly heap: Scheduled[] = [];
  private seq = 0;
  /** Time (ms) of the action being run. */
  now = 0;

  push(at: number, run: () => void): void {
    const heap = this.heap;
    heap.push({ at, seq: this.seq++, run });
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  /** The next action, with `now` set to its time; undefined once empty. */
  pop(): (() => void) | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop() as Scheduled;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && before(heap[left], heap[smallest])) smallest = left;
        if (right < heap.length && before(heap[right], heap[smallest])) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
        i = smallest;
      }
    }
    this.now = top.at;
    return top.run;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
