/**
 * Physical planning of temporal joins (filled in below).
 */
import { WeirError } from '../../common/error.ts';
import type { LogicalJoin } from '../logical/nodes.ts';
import type { Built, GraphBuilder } from './graph-builder.ts';

export function buildTemporalJoin(_g: GraphBuilder, _rel: LogicalJoin): Built {
  throw new WeirError('plan', 'UNSUPPORTED', 'Temporal joins are not supported yet');
}
