/**
 * Weir's public TypeScript API: a TableEnvironment that runs Flink SQL, the
 * SQL front end, and the types a program needs to read results.
 */
export { TableEnvironment, type ResultSink, type StatementResult } from './api/table-environment.ts';
export type { ScalarFunctionDefinition } from './api/user-function.ts';
export { parseStatements, parseExpression, parseQuery, printStatement, printExpr } from './sql/index.ts';
export { WeirError, renderError, type Span } from './common/error.ts';
export { RowKind, ROW_KIND_SHORT, type Row } from './runtime/row.ts';
export { typeToString, type LogicalType, type RowType } from './types/logical-type.ts';
export { formatValue, toJsonValue } from './types/format.ts';
export { runJob, startJob } from './runtime/executor.ts';
export type { JobGraph } from './runtime/graph.ts';
