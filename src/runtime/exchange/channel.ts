/**
 * Channels between tasks. A producer writes StreamEvents into a
 * ChannelWriter; the consuming task reads them through its InputGate, which
 * merges all its channels. The local channel is an in-memory queue in the
 * same thread; a serialized channel (worker threads, a repartition topic)
 * implements the same two interfaces and encodes the events.
 *
 * Back-pressure is credit-like: a producer checks `congested` between events
 * and awaits `waitForSpace()`; the consumer frees space as it reads.
 */
import type { StreamEvent } from '../events.ts';

export interface ChannelWriter {
  push(ev: StreamEvent): void;
  /** True when the consumer is behind by more than the channel's capacity. */
  readonly congested: boolean;
  waitForSpace(): Promise<void>;
}

export interface ChannelReader {
  /** Which input of the consuming operator this channel feeds. */
  readonly input: number;
  poll(): StreamEvent | undefined;
  readonly pending: number;
}

export const DEFAULT_CHANNEL_CAPACITY = 8;

export class LocalChannel implements ChannelWriter, ChannelReader {
  readonly input: number;
  private queue: StreamEvent[] = [];
  private head = 0;
  private readonly capacity: number;
  private spaceWaiters: Array<() => void> = [];
  private gate: InputGate | undefined;

  constructor(input: number, capacity = DEFAULT_CHANNEL_CAPACITY) {
    this.input = input;
    this.capacity = capacity;
  }

  attach(gate: InputGate): void {
    this.gate = gate;
  }

  get pending(): number {
    return this.queue.length - this.head;
  }

  get congested(): boolean {
    return this.pending >= this.capacity;
  }

  push(ev: StreamEvent): void {
    this.queue.push(ev);
    this.gate?.notify();
  }

  poll(): StreamEvent | undefined {
    if (this.head >= this.queue.length) return undefined;
    const ev = this.queue[this.head]!;
    this.queue[this.head++] = undefined as unknown as StreamEvent;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (this.spaceWaiters.length > 0 && this.pending < this.capacity) this.releaseWaiters();
    return ev;
  }

  waitForSpace(): Promise<void> {
    if (!this.congested) return Promise.resolve();
    return new Promise((resolve) => this.spaceWaiters.push(resolve));
  }

  /** Wakes every waiting producer (on space, or when the job stops). */
  releaseWaiters(): void {
    const ws = this.spaceWaiters;
    this.spaceWaiters = [];
    for (const w of ws) w();
  }
}

/** The consuming side of a task: all its input channels, read round-robin. */
export class InputGate {
  readonly channels: LocalChannel[];
  private next = 0;
  private waiter: (() => void) | undefined;
  /** Channels not read while a checkpoint's barriers are being aligned (exactly-once). */
  private readonly blocked: boolean[];
  private anyBlocked = false;

  constructor(channels: LocalChannel[]) {
    this.channels = channels;
    this.blocked = new Array<boolean>(channels.length).fill(false);
    for (const c of channels) c.attach(this);
  }

  /** Stops reading channel `c` until `unblockAll` (barrier alignment). */
  block(c: number): void {
    this.blocked[c] = true;
    this.anyBlocked = true;
  }

  unblockAll(): void {
    if (!this.anyBlocked) return;
    this.blocked.fill(false);
    this.anyBlocked = false;
  }

  notify(): void {
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w();
    }
  }

  /** The next event of any channel (round-robin), with the channel's index. */
  poll(): { channel: number; event: StreamEvent } | undefined {
    const cs = this.channels;
    const n = cs.length;
    for (let i = 0; i < n; i++) {
      const c = (this.next + i) % n;
      if (this.anyBlocked && this.blocked[c]) continue;
      const ev = cs[c]!.poll();
      if (ev !== undefined) {
        this.next = (c + 1) % n;
        return { channel: c, event: ev };
      }
    }
    return undefined;
  }

  /** Resolves when a channel receives an event, `notify()` is called, or after timeoutMs. */
  waitForData(timeoutMs?: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      this.waiter = () => {
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => this.notify(), Math.max(0, timeoutMs));
      }
    });
  }
}
