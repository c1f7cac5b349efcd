/**
 * Binding of TableFunction table references in FROM (to be filled in by the feature's issue).
 */
import { WeirError } from '../../common/error.ts';
import type { TableFunction } from '../../sql/ast/index.ts';
import type { BoundRel, QueryBinder } from './query-binder.ts';

export function bindTableFunction(_binder: QueryBinder, ref: TableFunction): BoundRel {
  throw new WeirError('plan', 'UNSUPPORTED', 'Table functions and window TVFs are not supported yet', ref.span);
}
