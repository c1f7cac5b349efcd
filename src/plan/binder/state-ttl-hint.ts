/**
 * The STATE_TTL query hint (Flink 1.18+, "State TTL Hints"):
 * `SELECT /*+ STATE_TTL('o' = '1d', 'l' = '12h') *\/ …` gives the regular
 * joins and group aggregations of its query block a state TTL per input,
 * overriding `table.exec.state.ttl` for them. Flink's rules
 * (QueryHintsResolver, StateTtlHint):
 *
 *  - a key names an input by table name, view name or alias (the alias when
 *    there is one), compared case-sensitively as dotted names, the shorter
 *    one a suffix of the other ('T1' names `default_database.T1`);
 *  - a join side takes the value of the key naming it, an aggregation the
 *    value of the key naming its input (a table, view or aliased subquery
 *    read directly, not a join); a key naming both sides of a join is refused;
 *  - within one hint the last value of a key counts; across hints the first
 *    hint giving a side a value wins;
 *  - every key must name an input of some join or aggregation of the block,
 *    else the query is refused; a block with neither ignores the hint;
 *  - the hint stays in its block: views and subqueries are blocks of their own;
 *  - values are durations ('1d', '12 h', '500 ms'); 0 keeps state forever.
 */
import { WeirError, type Span } from '../../common/error.ts';
import type { Hint, TableRef } from '../../sql/ast/query.ts';
import { parseDuration } from '../../catalog/options.ts';
import { inputsOf, type LogicalJoin, type RelNode, type StateTtlHintValue } from '../logical/nodes.ts';
import { withInputs } from '../rules/rel-util.ts';

const HINT = 'STATE_TTL';

interface Option {
  readonly value: string;
  readonly span: Span;
}

/** The STATE_TTL hints of one query block and which of their keys have named an input so far. */
export class StateTtlHints {
  /** Per hint, in order: its options by key (the last value of a key). */
  private readonly hints: readonly ReadonlyMap<string, Option>[];
  private readonly span: Span;
  private readonly matched = new Set<string>();
  /** Joins and aggregations of the block seen (the hint is ignored when there are none). */
  private targets = 0;

  private constructor(hints: readonly ReadonlyMap<string, Option>[], span: Span) {
    this.hints = hints;
    this.span = span;
  }

  /** The STATE_TTL hints among a SELECT's hints (undefined when there are none); refuses one without options. */
  static of(hints: readonly Hint[]): StateTtlHints | undefined {
    const mine = hints.filter((h) => h.name.value.toUpperCase() === HINT);
    if (mine.length === 0) return undefined;
    const maps = mine.map((h) => {
      if (h.options.length === 0 || h.params.length > 0)
        throw new WeirError('validation', 'INVALID_HINT', `Invalid ${HINT} hint, expecting at least one key-value options specified.`, h.span);
      const m = new Map<string, Option>();
      for (const o of h.options) m.set(o.key, { value: o.value, span: o.span });
      return m;
    });
    return new StateTtlHints(maps, mine[0]!.span);
  }

  /** The values for a join's two inputs, by their names (undefined: unnamed, e.g. a nested join). */
  forJoin(left: string | undefined, right: string | undefined): LogicalJoin['stateTtl'] {
    this.targets++;
    const sides: [StateTtlHintValue | undefined, StateTtlHintValue | undefined] = [undefined, undefined];
    for (const h of this.hints) {
      const found: [StateTtlHintValue | undefined, StateTtlHintValue | undefined] = [undefined, undefined];
      for (const [key, o] of h) {
        const l = left !== undefined && matchIdentifier(key, left);
        const r = right !== undefined && matchIdentifier(key, right);
        if (l && r)
          throw new WeirError('validation', 'INVALID_HINT', `Ambitious option: ${key} in state ttl hint: ${HINT}, the input relations are: ${left}, ${right}`, o.span);
        if (l) found[0] = this.value(key, o);
        else if (r) found[1] = this.value(key, o);
      }
      sides[0] ??= found[0];
      sides[1] ??= found[1];
    }
    return sides[0] || sides[1] ? { left: sides[0], right: sides[1] } : undefined;
  }

  /** The value for an aggregation whose input has `input` as its name (undefined: unnamed). */
  forAggregate(input: string | undefined): StateTtlHintValue | undefined {
    this.targets++;
    if (input === undefined) return undefined;
    for (const h of this.hints) {
      let found: StateTtlHintValue | undefined;
      for (const [key, o] of h) if (matchIdentifier(key, input)) found = this.value(key, o);
      if (found) return found;
    }
    return undefined;
  }

  /** After the block is bound: refuses keys that named no input (when the block has joins or aggregations). */
  check(): void {
    if (this.targets === 0) return;
    const unknown: string[] = [];
    for (const h of this.hints) for (const key of h.keys()) if (!this.matched.has(key) && !unknown.includes(key)) unknown.push(key);
    if (unknown.length > 0)
      throw new WeirError(
        'validation',
        'INVALID_HINT',
        `The options of following hints cannot match the name of input tables or views: \n\`${unknown.join(', ')}\` in \`${HINT}\``,
        this.span,
      );
  }

  private value(key: string, o: Option): StateTtlHintValue {
    this.matched.add(key);
    try {
      return { text: o.value, ms: parseDuration(o.value) };
    } catch (e) {
      throw new WeirError('validation', 'INVALID_HINT', `Invalid ${HINT} hint value '${o.value}' for '${key}': ${(e as Error).message}`, o.span);
    }
  }
}

/** What the binder knows of the relations of a block: the names of its FROM items and the results of other blocks. */
export interface HintInputs {
  /** The name a FROM item was bound under (alias, table, view or CTE name), if `rel` is one. */
  nameOf(rel: RelNode): string | undefined;
  /** `rel` is the result of another query block (a view, CTE or subquery): hints do not reach into it. */
  isBlockRoot(rel: RelNode): boolean;
}

/** The name of a FROM item as a hint key names it: the alias, else the table's name as written. */
export function fromItemName(ref: TableRef | undefined): string | undefined {
  if (ref?.kind === 'NamedTable') return ref.alias?.name.value ?? ref.name.map((p) => p.value).join('.');
  if (ref?.kind === 'DerivedTable') return ref.alias?.name.value;
  return undefined;
}

/**
 * Gives the regular joins of a block (below `rel`, not inside other blocks) the values of the hint
 * keys naming their inputs. Semi/anti joins of WHERE subqueries and the joins of scalar subqueries
 * are Flink's rewrites, made after hints are resolved: they take none (and are known by their
 * right input, which is neither a FROM item nor a join).
 */
export function hintJoins(rel: RelNode, hints: StateTtlHints, inputs: HintInputs): RelNode {
  if (inputs.isBlockRoot(rel) || inputsOf(rel).length === 0) return rel;
  const out = withInputs(
    rel,
    inputsOf(rel).map((i) => hintJoins(i, hints, inputs)),
  );
  if (rel.kind !== 'LogicalJoin' || rel.joinKind === 'SEMI' || rel.joinKind === 'ANTI') return out;
  const nameOf = (r: RelNode): string | undefined => inputs.nameOf(r) ?? (r.kind === 'LogicalFilter' ? nameOf(r.input) : undefined);
  const right = nameOf(rel.right);
  // A join of the FROM clause has a named item or a nested join on its right; other joins are rewrites of subqueries.
  if (right === undefined && !isJoin(rel.right)) return out;
  const stateTtl = hints.forJoin(nameOf(rel.left), right);
  return stateTtl ? { ...(out as LogicalJoin), stateTtl } : out;
}

function isJoin(rel: RelNode): boolean {
  if (rel.kind === 'LogicalJoin') return true;
  return (rel.kind === 'LogicalFilter' || rel.kind === 'LogicalProject') && isJoin(rel.input);
}

/** Gives a group aggregation (SELECT DISTINCT included) the value of the hint key naming its input, `input`. */
export function hintAggregate(rel: RelNode, hints: StateTtlHints, input: string | undefined): RelNode {
  if (rel.kind !== 'LogicalAggregate' && rel.kind !== 'LogicalWindowAggregate') return rel;
  const stateTtl = hints.forAggregate(input);
  // Window aggregations take the hint's keys (Flink resolves them) but keep no state beyond their windows.
  return rel.kind === 'LogicalAggregate' && stateTtl ? { ...rel, stateTtl } : rel;
}

/** Flink's rule: the option and the name agree on their last min(n, m) dotted parts. */
function matchIdentifier(option: string, name: string): boolean {
  const a = option.split('.');
  const b = name.split('.');
  for (let i = 1; i <= Math.min(a.length, b.length); i++) if (a[a.length - i] !== b[b.length - i]) return false;
  return true;
}

/** `, stateTtlHints=[LEFT=1d, RIGHT=12h]` for a join with STATE_TTL values (as Flink's plan shows them), else ''. */
export function describeJoinStateTtl(rel: LogicalJoin): string {
  const h = rel.stateTtl;
  if (!h) return '';
  const parts = [h.left ? `LEFT=${h.left.text}` : '', h.right ? `RIGHT=${h.right.text}` : ''].filter(Boolean);
  return parts.length ? `, stateTtlHints=[${parts.join(', ')}]` : '';
}
