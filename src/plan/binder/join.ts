/**
 * Binding of Join table references in FROM (to be filled in by the feature's issue).
 */
import { WeirError } from '../../common/error.ts';
import type { Join } from '../../sql/ast/index.ts';
import type { BoundRel, QueryBinder } from './query-binder.ts';

export function bindJoin(_binder: QueryBinder, ref: Join): BoundRel {
  throw new WeirError('plan', 'UNSUPPORTED', 'Joins are not supported yet', ref.span);
}
