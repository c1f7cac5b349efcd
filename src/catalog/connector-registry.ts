/**
 * The connector registry: DynamicTableFactory by identifier (the value of
 * 'connector'), with every built-in connector registered, and the validation
 * of a table's options against the connector's and its format's declarations
 * (Flink's FactoryUtil.createTableSource/Sink helper checks and messages).
 */
import { WeirError } from '../common/error.ts';
import { findFormat } from '../formats/index.ts';
import { blackholeFactory } from '../connectors/blackhole/index.ts';
import { datagenFactory } from '../connectors/datagen/index.ts';
import { filesystemFactory } from '../connectors/filesystem/index.ts';
import { printFactory } from '../connectors/print/index.ts';
import type { DynamicTableFactory, OptionDecl } from './connector.ts';
import { validateOptions } from './options.ts';

const DYNAMIC_TABLE_FACTORY = 'org.apache.flink.table.factories.DynamicTableFactory';

export class ConnectorRegistry {
  private readonly factories = new Map<string, DynamicTableFactory>();

  register(factory: DynamicTableFactory): void {
    this.factories.set(factory.identifier, factory);
  }

  has(identifier: string): boolean {
    return this.factories.has(identifier);
  }

  identifiers(): string[] {
    return [...this.factories.keys()].sort();
  }

  /** The factory for `identifier`, or Flink's "Could not find any factory" error. */
  get(identifier: string): DynamicTableFactory {
    const f = this.factories.get(identifier);
    if (f === undefined) {
      throw new WeirError(
        'validation',
        'CONNECTOR_NOT_FOUND',
        `Could not find any factory for identifier '${identifier}' that implements '${DYNAMIC_TABLE_FACTORY}' in the classpath.\n\n` +
          `Available factory identifiers are:\n\n${this.identifiers().join('\n')}`,
      );
    }
    return f;
  }

  /** The factory named by a table's 'connector' option. */
  forOptions(options: ReadonlyMap<string, string>): DynamicTableFactory {
    const id = options.get('connector');
    if (id === undefined) {
      throw new WeirError(
        'validation',
        'MISSING_CONNECTOR',
        "Table options do not contain an option key 'connector' for discovering a connector.",
      );
    }
    return this.get(id);
  }
}

/** A registry with the built-in connectors: blackhole, datagen, filesystem, print. */
export function createDefaultRegistry(): ConnectorRegistry {
  const r = new ConnectorRegistry();
  for (const f of [blackholeFactory, datagenFactory, filesystemFactory, printFactory]) r.register(f);
  return r;
}

export const connectorRegistry: ConnectorRegistry = createDefaultRegistry();

const FORMAT_KEYS = ['format', 'key.format', 'value.format'] as const;

/** The declarations a table's options are checked against: the connector's plus those of its chosen formats. */
export function declaredOptions(factory: DynamicTableFactory, options: ReadonlyMap<string, string>): OptionDecl[] {
  const decls: OptionDecl[] = [...factory.options];
  if (factory.usesFormat) {
    for (const key of FORMAT_KEYS) {
      const id = options.get(key);
      if (id === undefined) continue;
      const fmt = findFormat(id);
      const prefix = key.slice(0, key.length - 'format'.length) + id + '.';
      const own = id + '.';
      for (const d of fmt.options) decls.push(d.key.startsWith(own) ? { ...d, key: prefix + d.key.slice(own.length) } : d);
    }
  }
  return decls;
}

/**
 * Validates a table's options for `factory`: required options present,
 * values parse as declared, no unknown keys (format options are checked
 * against the chosen format). `fieldNames` (the physical columns) expand
 * per-field keys such as 'fields.#.kind'. Throws WeirError('validation').
 */
export function validateTableOptions(
  factory: DynamicTableFactory,
  options: ReadonlyMap<string, string>,
  fieldNames?: readonly string[],
): void {
  validateOptions({
    identifier: factory.identifier,
    decls: declaredOptions(factory, options),
    options,
    fieldNames,
    extraKeys: ['connector'],
    openPrefixes: factory.openOptionPrefixes,
  });
}
