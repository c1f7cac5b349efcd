/**
 * What flows through an exchange channel: batches and, in-band with them, the
 * control events (watermark, watermark status, checkpoint barrier, end of
 * input). Keeping control events in the same ordered stream as the rows is
 * what makes watermarks and barriers exact (Flink's StreamElement). A
 * serialized channel (worker threads, a repartition topic) encodes exactly
 * these variants.
 */
import type { Batch } from './batch.ts';

export type StreamEvent =
  | { readonly type: 'batch'; readonly batch: Batch }
  | { readonly type: 'watermark'; readonly timestamp: number }
  /** Watermark status: an idle upstream stops holding back the downstream watermark until it sends rows again. */
  | { readonly type: 'status'; readonly idle: boolean }
  | { readonly type: 'barrier'; readonly checkpointId: number }
  | { readonly type: 'end' };

export const END_EVENT: StreamEvent = { type: 'end' };
