/** Non-keyed operator state on the heap: a name → value map, snapshotted by deep copy. */
import type { OperatorStateStore } from '../../api.ts';

export class HeapOperatorStateStore implements OperatorStateStore {
  private readonly values = new Map<string, unknown>();
  constructor(restored?: Record<string, unknown>) {
    if (restored) for (const [k, v] of Object.entries(restored)) this.values.set(k, v);
  }
  get<V>(name: string): V | undefined {
    return this.values.get(name) as V | undefined;
  }
  put<V>(name: string, value: V): void {
    this.values.set(name, value);
  }
  snapshot(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this.values) out[k] = structuredClone(v);
    return out;
  }
}
