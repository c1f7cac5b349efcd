import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CreateTable, CreateTableAs } from '../../src/sql/ast/ddl.ts';
import { parsesTo, stripSpans, verifiedStmt } from './helpers.ts';

void describe('CREATE TABLE', () => {
  void test('all column kinds, watermark, primary key, options in order', () => {
    const sql =
      "CREATE TABLE orders (id BIGINT NOT NULL, price DECIMAL(10, 2) COMMENT 'unit price', ts TIMESTAMP(3), " +
      "total AS price * 2, `offset` BIGINT METADATA VIRTUAL, part INT METADATA FROM 'partition', " +
      "headers MAP<STRING, BYTES> METADATA FROM 'headers' VIRTUAL COMMENT 'kafka headers', proc AS PROCTIME(), " +
      "WATERMARK FOR ts AS ts - INTERVAL '5' SECOND, PRIMARY KEY (id) NOT ENFORCED) " +
      "WITH ('connector' = 'kafka', 'topic' = 'orders', 'format' = 'json')";
    const t = verifiedStmt(sql) as CreateTable;
    assert.deepEqual(
      t.columns.map((c) => [c.kind, c.name.value]),
      [
        ['PhysicalColumn', 'id'],
        ['PhysicalColumn', 'price'],
        ['PhysicalColumn', 'ts'],
        ['ComputedColumn', 'total'],
        ['MetadataColumn', 'offset'],
        ['MetadataColumn', 'part'],
        ['MetadataColumn', 'headers'],
        ['ComputedColumn', 'proc'],
      ],
    );
    assert.deepEqual(
      t.with.map((o) => [o.key, o.value]),
      [
        ['connector', 'kafka'],
        ['topic', 'orders'],
        ['format', 'json'],
      ],
    );
    assert.equal(t.watermarks.length, 1);
    assert.deepEqual(stripSpans(t.primaryKey), {
      kind: 'PrimaryKey',
      columns: [{ kind: 'Ident', value: 'id', quoted: false }],
      enforced: false,
    });
    const meta = t.columns[4];
    assert.ok(meta?.kind === 'MetadataColumn');
    assert.equal(meta.virtual, true);
    assert.equal(meta.name.quoted, true);
  });

  void test('TEMPORARY, IF NOT EXISTS, qualified names, COMMENT, PARTITIONED BY', () => {
    verifiedStmt("CREATE TEMPORARY TABLE IF NOT EXISTS cat.db.t (a INT, dt STRING) COMMENT 'a table' PARTITIONED BY (dt) WITH ('connector' = 'filesystem', 'path' = '/tmp/x')");
  });

  void test('inline and named primary keys', () => {
    const t = verifiedStmt("CREATE TABLE t (id INT PRIMARY KEY NOT ENFORCED, v STRING) WITH ('connector' = 'x')") as CreateTable;
    const id = t.columns[0];
    assert.ok(id?.kind === 'PhysicalColumn');
    assert.equal(id.primaryKey?.enforced, false);
    assert.equal(t.primaryKey, undefined);
    verifiedStmt("CREATE TABLE t (id INT, CONSTRAINT pk PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'x')");
    verifiedStmt("CREATE TABLE t (id INT CONSTRAINT pk PRIMARY KEY NOT ENFORCED) WITH ('connector' = 'x')");
    parsesTo("CREATE TABLE t (PRIMARY KEY (a, b) NOT ENFORCED, a INT, b INT) WITH ('connector' = 'x')", "CREATE TABLE t (a INT, b INT, PRIMARY KEY (a, b) NOT ENFORCED) WITH ('connector' = 'x')");
  });

  void test('nested watermark column and complex types', () => {
    verifiedStmt("CREATE TABLE t (r ROW<ts TIMESTAMP(3), v INT>, arr ARRAY<ROW<a INT>>, m MAP<STRING, INT ARRAY>, WATERMARK FOR r.ts AS r.ts) WITH ('connector' = 'datagen')");
    verifiedStmt("CREATE TABLE t (ts TIMESTAMP_LTZ(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen')");
    verifiedStmt("CREATE TABLE t (ts TIMESTAMP(3) WITH LOCAL TIME ZONE, WATERMARK FOR ts AS ts - INTERVAL '0.001' SECOND) WITH ('connector' = 'datagen')");
  });

  void test('options: values kept raw, unquoted keys and numbers accepted', () => {
    const t = parsesTo(
      "CREATE TABLE t (a INT) WITH ('rows-per-second' = '5', fields.a.min = 1, 'json.fail-on-missing-field' = false, 'x' = 'it''s')",
      "CREATE TABLE t (a INT) WITH ('rows-per-second' = '5', 'fields.a.min' = '1', 'json.fail-on-missing-field' = 'false', 'x' = 'it''s')",
    ) as CreateTable;
    assert.deepEqual(t.with.map((o) => o.value), ['5', '1', 'false', "it's"]);
  });

  void test('no schema, no options', () => {
    verifiedStmt('CREATE TABLE t');
    verifiedStmt('CREATE TABLE t (a INT)');
  });

  void test('DISTRIBUTED BY', () => {
    verifiedStmt("CREATE TABLE t (a INT, b INT) DISTRIBUTED BY HASH(a) INTO 4 BUCKETS WITH ('connector' = 'kafka')");
    verifiedStmt("CREATE TABLE t (a INT, b INT) DISTRIBUTED BY RANGE(a, b) WITH ('connector' = 'kafka')");
    verifiedStmt("CREATE TABLE t (a INT) DISTRIBUTED BY (a) INTO 2 BUCKETS PARTITIONED BY (a) WITH ('connector' = 'kafka')");
    const t = verifiedStmt("CREATE TABLE t (a INT) DISTRIBUTED INTO 3 BUCKETS WITH ('connector' = 'kafka')") as CreateTable;
    assert.deepEqual(stripSpans(t.distribution), { kind: 'Distribution', columns: [], buckets: 3 });
    verifiedStmt("CREATE TABLE t DISTRIBUTED BY HASH(a) INTO 2 BUCKETS WITH ('connector' = 'print') AS SELECT a FROM s");
  });

  void test('LIKE', () => {
    verifiedStmt("CREATE TABLE t2 (c INT) WITH ('connector' = 'x') LIKE t1 (EXCLUDING ALL INCLUDING GENERATED OVERWRITING OPTIONS)");
    verifiedStmt('CREATE TABLE t2 LIKE t1');
    const t = verifiedStmt('CREATE TABLE t2 LIKE db.t1 (EXCLUDING OPTIONS)') as CreateTable;
    assert.deepEqual(stripSpans(t.like), {
      kind: 'TableLike',
      table: [
        { kind: 'Ident', value: 'db', quoted: false },
        { kind: 'Ident', value: 't1', quoted: false },
      ],
      options: [{ kind: 'LikeOption', mode: 'EXCLUDING', feature: 'OPTIONS' }],
    });
  });

  void test('CREATE TABLE AS SELECT and REPLACE TABLE AS', () => {
    const t = verifiedStmt("CREATE TABLE t WITH ('connector' = 'print') AS SELECT a, b FROM s") as CreateTableAs;
    assert.equal(t.kind, 'CreateTableAs');
    verifiedStmt("CREATE OR REPLACE TABLE t WITH ('connector' = 'print') AS SELECT a FROM s");
    verifiedStmt("REPLACE TABLE t WITH ('connector' = 'print') AS SELECT a FROM s");
    verifiedStmt("CREATE TABLE t (a INT, PRIMARY KEY (a) NOT ENFORCED) WITH ('connector' = 'print') AS SELECT a FROM s");
  });
});

void describe('other DDL', () => {
  void test('views', () => {
    verifiedStmt('CREATE VIEW v AS SELECT a FROM t');
    verifiedStmt("CREATE TEMPORARY VIEW IF NOT EXISTS db.v (x, y) COMMENT 'v' AS SELECT a, b FROM t");
    verifiedStmt('ALTER VIEW v RENAME TO v2');
    verifiedStmt('ALTER VIEW v AS SELECT 1');
  });

  void test('functions', () => {
    verifiedStmt("CREATE FUNCTION f AS 'com.example.F'");
    verifiedStmt("CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS f AS 'com.example.F' LANGUAGE JAVA");
    verifiedStmt("CREATE TEMPORARY FUNCTION db.f AS 'F' LANGUAGE PYTHON USING JAR '/a.jar', JAR '/b.jar'");
    parsesTo("create function f as 'F' language scala", "CREATE FUNCTION f AS 'F' LANGUAGE SCALA");
  });

  void test('catalogs and databases', () => {
    verifiedStmt("CREATE CATALOG c WITH ('type' = 'generic_in_memory')");
    verifiedStmt("CREATE CATALOG IF NOT EXISTS c COMMENT 'x' WITH ('type' = 'jdbc')");
    verifiedStmt('CREATE DATABASE db');
    verifiedStmt("CREATE DATABASE IF NOT EXISTS c.db COMMENT 'd' WITH ('k' = 'v')");
  });

  void test('DROP', () => {
    for (const s of [
      'DROP TABLE t',
      'DROP TABLE IF EXISTS c.db.t',
      'DROP TEMPORARY TABLE t',
      'DROP VIEW v',
      'DROP TEMPORARY VIEW IF EXISTS v',
      'DROP FUNCTION f',
      'DROP TEMPORARY SYSTEM FUNCTION IF EXISTS f',
      'DROP CATALOG IF EXISTS c',
      'DROP DATABASE db CASCADE',
      'DROP DATABASE IF EXISTS db RESTRICT',
    ]) {
      verifiedStmt(s);
    }
  });

  void test('ALTER TABLE', () => {
    for (const s of [
      'ALTER TABLE t RENAME TO t2',
      'ALTER TABLE IF EXISTS db.t RENAME TO db.t2',
      "ALTER TABLE t SET ('k' = 'v', 'k2' = 'v2')",
      "ALTER TABLE t RESET ('k', 'k2')",
      'ALTER TABLE t ADD c INT',
      "ALTER TABLE t ADD c INT COMMENT 'x' FIRST",
      'ALTER TABLE t ADD (c INT AFTER b, d AS c + 1, e STRING METADATA VIRTUAL, WATERMARK FOR ts AS ts, PRIMARY KEY (c) NOT ENFORCED)',
      'ALTER TABLE t MODIFY c BIGINT',
      'ALTER TABLE t MODIFY (c BIGINT NOT NULL FIRST, WATERMARK FOR ts AS ts - INTERVAL \'1\' SECOND)',
      'ALTER TABLE t ADD PRIMARY KEY (id) NOT ENFORCED',
      'ALTER TABLE t ADD CONSTRAINT pk PRIMARY KEY (id) NOT ENFORCED',
      'ALTER TABLE t ADD WATERMARK FOR ts AS ts - INTERVAL \'1\' SECOND',
      'ALTER TABLE t MODIFY PRIMARY KEY (id, k) NOT ENFORCED',
      'ALTER TABLE t DROP c',
      'ALTER TABLE t DROP (c, d)',
      'ALTER TABLE t DROP PRIMARY KEY',
      'ALTER TABLE t DROP WATERMARK',
      'ALTER TABLE t DROP CONSTRAINT pk',
      'ALTER TABLE t RENAME a TO b',
    ]) {
      verifiedStmt(s);
    }
  });
});
