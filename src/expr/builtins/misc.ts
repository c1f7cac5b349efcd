/**
 * Built-in scalar functions: miscellaneous. TYPEOF(x[, forceSerializable])
 * returns the summary string of the operand's data type, decided at plan time
 * (UUID lives in strings.ts, CURRENT_WATERMARK elsewhere).
 */
import type { ScalarFunction } from '../function.ts';
import { typeToString } from '../../types/logical-type.ts';
import { custom, fn, invalidCall, isBool, STRING } from './lib/common.ts';

export const functions: ScalarFunction[] = [
  fn('TYPEOF', (args, _ctx, name) => {
    if (args.length < 1 || args.length > 2 || (args.length === 2 && !isBool(args[1]!.type))) throw invalidCall(name, args);
    const s = typeToString(args[0]!.type);
    return custom(STRING(false), () => s);
  }),
];
