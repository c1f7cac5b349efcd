/**
 * Binding of Unnest table references in FROM (to be filled in by the feature's issue).
 */
import { WeirError } from '../../common/error.ts';
import type { Unnest } from '../../sql/ast/index.ts';
import type { BoundRel, QueryBinder } from './query-binder.ts';

export function bindUnnest(_binder: QueryBinder, ref: Unnest): BoundRel {
  throw new WeirError('plan', 'UNSUPPORTED', 'UNNEST is not supported yet', ref.span);
}
