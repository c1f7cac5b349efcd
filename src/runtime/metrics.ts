/**
 * A plain in-memory MetricGroup (counters and gauges) per node subtask. The
 * executor sums the counters of all subtasks of a node into JobResult.metrics.
 * Standard names: numRecordsIn, numRecordsOut, numLateRecordsDropped.
 */
import type { MetricGroup } from './operator.ts';

export class Counter {
  value = 0;
  inc(n = 1): void {
    this.value += n;
  }
}

export class SimpleMetricGroup implements MetricGroup {
  readonly counters = new Map<string, Counter>();
  readonly gauges = new Map<string, () => number>();
  counter(name: string): Counter {
    let c = this.counters.get(name);
    if (!c) this.counters.set(name, (c = new Counter()));
    return c;
  }
  gauge(name: string, read: () => number): void {
    this.gauges.set(name, read);
  }
  /** Counter values and current gauge readings. */
  values(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, c] of this.counters) out[k] = c.value;
    for (const [k, g] of this.gauges) out[k] = g();
    return out;
  }
}
