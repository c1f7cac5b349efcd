/**
 * A canonical string for a Rex tree, used to match grouped expressions and to
 * deduplicate aggregate calls and common subexpressions.
 */
import type { Rex } from '../../expr/rex.ts';
import { typeToString } from '../../types/logical-type.ts';
import type { LogicalType } from '../../types/logical-type.ts';

export function rexDigest(r: Rex): string {
  switch (r.kind) {
    case 'InputRef':
      return `$${r.index}`;
    case 'Literal':
      return `${literalText(r.value)}:${typeToString(r.type)}`;
    case 'Call':
      return `${r.name}(${r.operands.map(rexDigest).join(', ')})`;
    case 'Cast':
      return `${r.safe ? 'TRY_CAST' : 'CAST'}(${rexDigest(r.operand)} AS ${typeToString(r.type)})`;
    case 'Case':
      return `CASE(${r.whens.map((w) => `${rexDigest(w.when)}, ${rexDigest(w.then)}`).join(', ')}, ${rexDigest(r.otherwise)})`;
    case 'FieldAccess':
      return `${rexDigest(r.operand)}.${r.index}`;
  }
}

function literalText(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return `X'${Buffer.from(v).toString('hex')}'`;
  if (Array.isArray(v)) return `[${v.map(literalText).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${literalText(k)}=${literalText(x)}`).join(', ')}}`;
  // option literals of special forms: a RETURNING type (a LogicalType), JSON_OBJECT's {onNull, rawJson}
  if (typeof v === 'object' && v !== null && !(v instanceof Date))
    return 'root' in v ? `<${typeToString(v as LogicalType)}>` : JSON.stringify(v);
  return String(v);
}
