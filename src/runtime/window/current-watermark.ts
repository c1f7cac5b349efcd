/**
 * CURRENT_WATERMARK(rowtime): the watermark of the operator that evaluates the
 * expression. The task sets `ambientWatermark.value` to its operator's input
 * watermark before each batch (one assignment per batch); generated code
 * reads it. NULL while no watermark has arrived.
 */
import { MIN_WATERMARK } from '../watermark.ts';

export const ambientWatermark = { value: MIN_WATERMARK };

export function currentWatermark(): number | null {
  const v = ambientWatermark.value;
  return v <= MIN_WATERMARK ? null : v;
}
