/**
 * Flink's print connector renders a row as Row.toString of its external
 * (Java) values: `+I[1, abc, 2020-01-01T00:00]`. This module builds the
 * per-column renderers once per schema: Java's toString of Integer/Long,
 * Double/Float, BigDecimal, String, byte[] (Arrays.toString, signed bytes),
 * LocalDate/LocalTime/LocalDateTime/Instant, Period/Duration, arrays, maps
 * (`{k=v}`) and nested rows (`+I[…]`).
 */
import type { LogicalType, RowType } from '../../types/logical-type.ts';
import type { Int } from '../../types/int64.ts';
import { formatDate, type TsValue } from '../../types/temporal.ts';
import {
  decimalToJavaString,
  javaDoubleToString,
  javaFloatToString,
  javaInstantString,
  javaLocalDateTimeString,
  javaLocalTimeString,
} from '../../formats/text.ts';

export type Render = (v: unknown) => string;

/** Java's Period.toString for a month count ('P1Y2M', 'P0D'). */
function periodString(months: number): string {
  if (months === 0) return 'P0D';
  const y = Math.trunc(months / 12);
  const m = months % 12;
  return 'P' + (y !== 0 ? y + 'Y' : '') + (m !== 0 ? m + 'M' : '');
}

/** Java's Duration.toString for milliseconds ('PT1H30M', 'PT0.5S', 'PT0S', 'PT-1.5S'). */
function durationString(ms: number): string {
  if (ms === 0) return 'PT0S';
  const totalSecs = Math.floor(ms / 1000);
  let millis = ms - totalSecs * 1000;
  const hours = Math.trunc(totalSecs / 3600);
  const minutes = Math.trunc((totalSecs % 3600) / 60);
  let secs = totalSecs % 60;
  let s = 'PT';
  if (hours !== 0) s += hours + 'H';
  if (minutes !== 0) s += minutes + 'M';
  if (secs === 0 && millis === 0 && s.length > 2) return s;
  if (secs < 0 && millis > 0) {
    // Java prints -0.5 seconds as '-0.5S': borrow from the seconds
    secs += 1;
    millis = 1000 - millis;
    s += (secs === 0 ? '-0' : String(secs)) + '.' + String(millis).padStart(3, '0').replace(/0+$/, '') + 'S';
    return s;
  }
  s += String(secs);
  if (millis > 0) s += '.' + String(millis).padStart(3, '0').replace(/0+$/, '');
  return s + 'S';
}

export function renderer(type: LogicalType): Render {
  const inner = ((): Render => {
    switch (type.root) {
      case 'BOOLEAN':
      case 'TINYINT':
      case 'SMALLINT':
      case 'INTEGER':
      case 'BIGINT':
      case 'CHAR':
      case 'VARCHAR':
        return (v) => String(v);
      case 'FLOAT':
        return (v) => javaFloatToString(v as number);
      case 'DOUBLE':
        return (v) => javaDoubleToString(v as number);
      case 'DECIMAL': {
        const s = type.scale;
        return (v) => decimalToJavaString(v as Int, s);
      }
      case 'BINARY':
      case 'VARBINARY':
        return (v) => {
          const b = v as Uint8Array;
          let s = '[';
          for (let i = 0; i < b.length; i++) s += (i === 0 ? '' : ', ') + ((b[i]! << 24) >> 24);
          return s + ']';
        };
      case 'DATE':
        return (v) => formatDate(v as number);
      case 'TIME':
        return (v) => javaLocalTimeString(v as number);
      case 'TIMESTAMP': {
        const p = type.precision;
        return (v) => javaLocalDateTimeString(v as TsValue, p);
      }
      case 'TIMESTAMP_LTZ': {
        const p = type.precision;
        return (v) => javaInstantString(v as TsValue, p);
      }
      case 'INTERVAL_YEAR_MONTH':
        return (v) => periodString(v as number);
      case 'INTERVAL_DAY_TIME':
        return (v) => durationString(v as number);
      case 'ARRAY': {
        const el = renderer(type.element);
        return (v) => '[' + (v as unknown[]).map(el).join(', ') + ']';
      }
      case 'MAP':
      case 'MULTISET': {
        const k = renderer(type.root === 'MAP' ? type.key : type.element);
        const val: Render = type.root === 'MAP' ? renderer(type.value) : (x) => String(x);
        return (v) => {
          const parts: string[] = [];
          for (const [a, b] of v as Map<unknown, unknown>) parts.push(k(a) + '=' + val(b));
          return '{' + parts.join(', ') + '}';
        };
      }
      case 'ROW': {
        const r = rowRenderer(type);
        return (v) => '+I' + r(v as unknown[]);
      }
      case 'NULL':
        return () => 'null';
      case 'RAW':
      case 'DESCRIPTOR':
        return (v) => String(v);
    }
  })();
  return (v) => (v === null || v === undefined ? 'null' : inner(v));
}

/** `[f1, f2, …]` for a positional row (the row kind is added by the caller). */
export function rowRenderer(type: RowType): (row: readonly unknown[]) => string {
  const rs = type.fields.map((f) => renderer(f.type));
  const n = rs.length;
  return (row) => {
    let s = '[';
    for (let i = 0; i < n; i++) s += (i === 0 ? '' : ', ') + rs[i]!(row[i]);
    return s + ']';
  };
}
