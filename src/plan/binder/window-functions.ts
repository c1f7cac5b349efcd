/**
 * Time functions that the binder resolves itself rather than through the
 * built-in registry:
 *  - PROCTIME(): the processing-time attribute, TIMESTAMP_LTZ(3) NOT NULL
 *    *PROCTIME*, the wall clock when the row is processed;
 *  - CURRENT_WATERMARK(rowtime): the current watermark of the evaluating
 *    operator, of the rowtime's type, NULL before the first watermark;
 *  - the legacy group-window auxiliaries TUMBLE_START/_END/_ROWTIME/_PROCTIME,
 *    HOP_…, SESSION_…: references to the window columns that
 *    window-aggregate.ts `legacyGroupWindow` put in scope.
 */
import { WeirError } from '../../common/error.ts';
import type { FunctionCall } from '../../sql/ast/expr.ts';
import type { Rex } from '../../expr/rex.ts';
import { T, withoutTimeAttribute } from '../../types/logical-type.ts';
import { currentWatermark } from '../../runtime/window/current-watermark.ts';
import type { Scope } from './scope.ts';
import { LEGACY_COLUMNS } from './window-aggregate.ts';

const AUX = /^(TUMBLE|HOP|SESSION)_(START|END|ROWTIME|PROCTIME)$/;

export function bindTimeFunction(scope: Scope, e: FunctionCall, upper: string): Rex | undefined {
  if (e.name.length !== 1) return undefined;
  if (upper === 'PROCTIME') {
    if (e.args.length !== 0) throw new WeirError('validation', 'VALIDATION', 'PROCTIME() takes no arguments', e.span);
    return {
      kind: 'Call',
      name: 'PROCTIME',
      operands: [],
      type: { ...T.timestampLtz(3, false), timeKind: 'PROCTIME' },
      resolved: { returnType: T.timestampLtz(3, false), impl: () => Date.now(), nulls: 'custom', deterministic: false },
    };
  }
  if (upper === 'CURRENT_WATERMARK') {
    const arg = e.args[0]?.value;
    const r = arg && (arg.kind === 'Identifier' || arg.kind === 'CompoundIdentifier') ? scope.resolve(arg.kind === 'Identifier' ? [arg.name] : arg.parts, arg.span) : undefined;
    const t = r?.field.type;
    if (e.args.length !== 1 || !t || (t.root !== 'TIMESTAMP' && t.root !== 'TIMESTAMP_LTZ') || t.timeKind !== 'ROWTIME')
      throw new WeirError('validation', 'VALIDATION', 'The argument of CURRENT_WATERMARK must be a rowtime attribute', e.span);
    const type = { ...withoutTimeAttribute(t), nullable: true };
    return { kind: 'Call', name: 'CURRENT_WATERMARK', operands: [], type, resolved: { returnType: type, impl: currentWatermark, nulls: 'custom', deterministic: false } };
  }
  const m = AUX.exec(upper);
  if (!m) return undefined;
  const col = m[2] === 'START' ? LEGACY_COLUMNS.start : m[2] === 'END' ? LEGACY_COLUMNS.end : LEGACY_COLUMNS.time;
  const f = scope.fields.find((x) => x.name === col);
  if (!f) throw new WeirError('validation', 'VALIDATION', `${upper} must be used together with a ${m[1]} group window in GROUP BY`, e.span);
  return { kind: 'InputRef', index: f.index, type: f.type };
}
