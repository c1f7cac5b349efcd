/**
 * Physical planning of interval joins (filled in below).
 */
import { WeirError } from '../../common/error.ts';
import type { LogicalJoin } from '../logical/nodes.ts';
import type { JoinInfo } from '../logical/join-info.ts';
import type { Built, GraphBuilder } from './graph-builder.ts';

export function buildIntervalJoin(_g: GraphBuilder, _rel: LogicalJoin, _info: JoinInfo): Built {
  throw new WeirError('plan', 'UNSUPPORTED', 'Interval joins are not supported yet');
}
