/** All AST node types of Weir's Flink SQL front end. */
export type * from './expr.ts';
export type * from './query.ts';
export type * from './match-recognize.ts';
export type * from './ddl.ts';
export type * from './statement.ts';
