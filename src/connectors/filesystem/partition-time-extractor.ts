/**
 * The time of a partition from its values (Flink's DefaultPartTimeExtractor),
 * for the 'partition-time' commit trigger. Without
 * 'partition.time-extractor.timestamp-pattern' the first partition value is
 * the timestamp; with it, each `$key` in the pattern is replaced by the key's
 * value ('$dt $hour:00:00'). The text is parsed with
 * 'partition.time-extractor.timestamp-formatter' (a DateTimeFormatter
 * pattern) when it is set, else leniently as 'yyyy-[M]M-[d]d[ [H]H:[m]m:[s]s[.fraction]]'
 * (a date alone is midnight). The result is wall-clock milliseconds (a
 * TIMESTAMP value), placed in a zone by the trigger.
 */
import { WeirError } from '../../common/error.ts';
import { compileParser } from '../../expr/builtins/lib/datefmt.ts';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, ymdToDays } from '../../types/temporal.ts';
import { unescapePathName } from './partitions.ts';

/** Partition keys and values (in key order) → wall-clock ms. Throws a WeirError when the text is no timestamp. */
export type PartitionTimeExtractor = (keys: readonly string[], values: readonly string[]) => number;

const DEFAULT_TS = /^(\d{1,10})-(\d{1,2})-(\d{1,2})(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?)?$/;

/** The lenient default parse (java.time LENIENT: out-of-range fields roll over); null when the text does not match. */
export function parseDefaultTimestamp(text: string): number | null {
  const m = DEFAULT_TS.exec(text);
  if (m === null) return null;
  const n = (i: number): number => Number(m[i] ?? 0);
  const frac = m[7] === undefined ? 0 : Math.floor(Number(m[7].padEnd(9, '0')) / 1e6);
  // lenient: month 13 is January of the next year, day 0 the last day of the previous month …
  const y = n(1) + Math.floor((n(2) - 1) / 12);
  const mo = ((((n(2) - 1) % 12) + 12) % 12) + 1;
  return (ymdToDays(y, mo, 1) + n(3) - 1) * MS_PER_DAY + n(4) * MS_PER_HOUR + n(5) * MS_PER_MINUTE + n(6) * 1000 + frac;
}

export function createPartitionTimeExtractor(pattern: string | undefined, formatter: string | undefined): PartitionTimeExtractor {
  const parse = formatter === undefined ? parseDefaultTimestamp : compiledFormatter(formatter);
  return (keys, values) => {
    let text: string;
    if (pattern === undefined) text = values[0] ?? '';
    else {
      text = pattern;
      for (let i = 0; i < keys.length; i++) text = text.split('$' + keys[i]!).join(values[i] ?? '');
    }
    const ms = parse(text);
    if (ms === null) {
      const spec = keys.map((k, i) => `${k}=${values[i] ?? ''}`).join('/');
      throw new WeirError(
        'runtime',
        'PARTITION_TIME_EXTRACTION',
        `Cannot extract the time of partition '${spec}': '${text}' does not match ${formatter === undefined ? "'yyyy-MM-dd[ HH:mm:ss]'" : `the formatter '${formatter}'`} ` +
          `(see 'partition.time-extractor.timestamp-pattern' and 'partition.time-extractor.timestamp-formatter').`,
      );
    }
    return ms;
  };
}

function compiledFormatter(formatter: string): (text: string) => number | null {
  const p = compileParser(formatter);
  return (text) => {
    const r = p(text);
    return r === null ? null : Math.floor(r.wallMs);
  };
}

/** The partition values (unescaped, in key order) of a partition path 'k1=v1/k2=v2'. */
export function partitionValues(partition: string): string[] {
  return partition.split('/').map((seg) => {
    const eq = seg.indexOf('=');
    return unescapePathName(eq < 0 ? seg : seg.slice(eq + 1));
  });
}
