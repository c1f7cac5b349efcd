/**
 * Watermark constants. Watermarks are epoch-millisecond numbers like event
 * timestamps. The initial watermark is MIN_WATERMARK (Flink: Long.MIN_VALUE)
 * and a bounded source ends with MAX_WATERMARK (Flink: Long.MAX_VALUE).
 *
 * We use Number.MAX_SAFE_INTEGER / MIN_SAFE_INTEGER rather than ±Infinity:
 * they are larger/smaller than every real timestamp (year ±285,000), are
 * plain safe integers (so window arithmetic like `end - 1` stays exact) and
 * survive JSON and any binary channel encoding unchanged.
 */
export const MAX_WATERMARK = Number.MAX_SAFE_INTEGER;
export const MIN_WATERMARK = Number.MIN_SAFE_INTEGER;
