/**
 * Binding of MatchRecognize table references in FROM (to be filled in by the feature's issue).
 */
import { WeirError } from '../../common/error.ts';
import type { MatchRecognize } from '../../sql/ast/index.ts';
import type { BoundRel, QueryBinder } from './query-binder.ts';

export function bindMatchRecognize(_binder: QueryBinder, ref: MatchRecognize): BoundRel {
  throw new WeirError('plan', 'UNSUPPORTED', 'MATCH_RECOGNIZE is not supported yet', ref.span);
}
