/**
 * Interval literal values: `INTERVAL '1-2' YEAR TO MONTH` is 14 months,
 * `INTERVAL '1 02:03:04.5' DAY TO SECOND` is milliseconds.
 */
import { WeirError } from '../../common/error.ts';
import type { IntervalLiteral } from '../../sql/ast/expr.ts';

const MS: Record<string, number> = { DAY: 86_400_000, HOUR: 3_600_000, MINUTE: 60_000, SECOND: 1000 };

export function intervalValue(lit: IntervalLiteral): number {
  const q = lit.qualifier;
  let text = lit.value.trim();
  let sign = lit.negative ? -1 : 1;
  if (text.startsWith('-')) {
    sign = -sign;
    text = text.slice(1).trim();
  } else if (text.startsWith('+')) text = text.slice(1).trim();
  const bad = (): never => {
    throw new WeirError(
      'validation',
      'BAD_INTERVAL',
      `Illegal interval literal format '${lit.value}' for INTERVAL ${q.from}${q.to ? ' TO ' + q.to : ''}`,
      lit.span,
    );
  };
  if (q.from === 'YEAR' || q.from === 'MONTH') {
    if (q.to === 'MONTH' && q.from === 'YEAR') {
      const m = /^(\d+)-(\d+)$/.exec(text);
      if (!m) return bad();
      return sign * (Number(m[1]) * 12 + Number(m[2]));
    }
    if (!/^\d+$/.test(text)) return bad();
    return sign * Number(text) * (q.from === 'YEAR' ? 12 : 1);
  }
  const units = ['DAY', 'HOUR', 'MINUTE', 'SECOND'];
  const fromI = units.indexOf(q.from);
  const toI = q.to ? units.indexOf(q.to) : fromI;
  if (fromI < 0 || toI < fromI) return bad();
  // Split into numeric parts: day part separated by space, the rest by ':'; seconds may have a fraction.
  const parts: string[] = [];
  let rest = text;
  if (fromI === 0 && toI > 0) {
    const sp = rest.indexOf(' ');
    if (sp < 0) return bad();
    parts.push(rest.slice(0, sp));
    rest = rest.slice(sp + 1).trim();
    if (toI >= 1) parts.push(...rest.split(':'));
  } else parts.push(...rest.split(':'));
  if (parts.length !== toI - fromI + 1) return bad();
  let ms = 0;
  for (let i = 0; i < parts.length; i++) {
    const unit = units[fromI + i]!;
    const p = parts[i]!;
    if (unit === 'SECOND') {
      if (!/^\d+(\.\d+)?$/.test(p)) return bad();
      ms += Math.round(Number(p) * 1000);
    } else {
      if (!/^\d+$/.test(p)) return bad();
      ms += Number(p) * MS[unit]!;
    }
  }
  return sign * ms;
}
