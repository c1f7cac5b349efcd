-- DDL with every kind of column, constraint, option and clause.
CREATE CATALOG my_catalog WITH (
  'type' = 'generic_in_memory'
);

CREATE DATABASE IF NOT EXISTS my_catalog.my_db COMMENT 'all the tables';

USE CATALOG my_catalog;

USE my_db;

CREATE TABLE IF NOT EXISTS my_catalog.my_db.MyTable (
  `user_id` BIGINT NOT NULL COMMENT 'the user',
  `name` VARCHAR(100),
  `score` DECIMAL(38, 18),
  `flag` BOOLEAN,
  `tiny` TINYINT,
  `small` SMALLINT,
  `ratio` FLOAT,
  `precise` DOUBLE PRECISION,
  `code` CHAR(3),
  `payload` BYTES,
  `digest` BINARY(16),
  `blob` VARBINARY(1024),
  `d` DATE,
  `t` TIME(3),
  `ts` TIMESTAMP(3),
  `ts_ltz` TIMESTAMP_LTZ(3),
  `ts_ltz2` TIMESTAMP(6) WITH LOCAL TIME ZONE,
  `ym` INTERVAL YEAR TO MONTH,
  `ds` INTERVAL DAY(3) TO SECOND(3),
  `tags` ARRAY<STRING>,
  `scores` INT ARRAY,
  `bag` MULTISET<INT>,
  `attrs` MAP<STRING, STRING>,
  `address` ROW<street STRING, city STRING 'the city', zip INT NOT NULL>,
  `nested` ROW(a ARRAY<ROW<b INT>>, c MAP<INT, ARRAY<STRING>>),
  `event_time` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
  `partition` BIGINT METADATA VIRTUAL,
  `offset` BIGINT METADATA VIRTUAL,
  `headers` MAP<STRING, BYTES> METADATA,
  `cost` AS price * quantity COMMENT 'computed',
  `proc_time` AS PROCTIME(),
  `row_time` AS TO_TIMESTAMP_LTZ(`ts_millis`, 3),
  `ts_millis` BIGINT,
  price DOUBLE,
  quantity INT,
  WATERMARK FOR `row_time` AS `row_time` - INTERVAL '5' SECOND,
  CONSTRAINT pk PRIMARY KEY (`user_id`) NOT ENFORCED
) COMMENT 'a wide table'
PARTITIONED BY (`d`)
WITH (
  'connector' = 'kafka',
  'topic' = 'user_behavior',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'testGroup',
  'scan.startup.mode' = 'earliest-offset',
  'key.format' = 'json',
  'key.fields' = 'user_id',
  'value.format' = 'json',
  'value.json.ignore-parse-errors' = 'true',
  'scan.watermark.emit.strategy' = 'on-event',
  'scan.watermark.idle-timeout' = '1min'
);

CREATE TABLE Orders_with_watermark (
    `id` INT PRIMARY KEY NOT ENFORCED,
    `ts` TIMESTAMP(3),
    WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
    'scan.startup.mode' = 'latest-offset'
)
LIKE MyTable (
    EXCLUDING ALL
    INCLUDING GENERATED
    OVERWRITING OPTIONS
);

CREATE TEMPORARY TABLE print_sink WITH ('connector' = 'print') LIKE MyTable (EXCLUDING OPTIONS);

CREATE TABLE my_ctas_table
WITH (
    'connector' = 'kafka',
    'format' = 'json'
)
AS SELECT `user_id`, `name`, `score` FROM MyTable WHERE `score` > 10;

CREATE OR REPLACE TABLE my_rtas_table
WITH ('connector' = 'filesystem', 'path' = '/tmp/rtas', 'format' = 'csv')
AS SELECT `user_id`, COUNT(*) AS cnt FROM MyTable GROUP BY `user_id`;

CREATE TEMPORARY TABLE gen (
  id INT,
  v STRING
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '5',
  'fields.id.kind' = 'sequence',
  'fields.id.start' = '1',
  'fields.id.end' = '1000',
  'fields.v.length' = '10'
);

CREATE FUNCTION IF NOT EXISTS my_db.parse_ua AS 'com.example.ParseUserAgent' LANGUAGE JAVA;

CREATE TEMPORARY SYSTEM FUNCTION split_words AS 'com.example.SplitWords' USING JAR '/opt/udfs.jar';

CREATE TEMPORARY VIEW IF NOT EXISTS recent_users (id, nm) COMMENT 'recent' AS
SELECT `user_id`, `name` FROM MyTable WHERE `ts` > CURRENT_TIMESTAMP - INTERVAL '1' DAY;

ALTER TABLE MyTable SET ('scan.startup.mode' = 'latest-offset');
ALTER TABLE MyTable RESET ('value.json.ignore-parse-errors');
ALTER TABLE MyTable ADD `extra` STRING COMMENT 'new' AFTER `name`;
ALTER TABLE MyTable ADD (`a1` INT FIRST, `a2` AS `a1` * 2);
ALTER TABLE MyTable MODIFY `name` VARCHAR(200) NOT NULL;
ALTER TABLE MyTable MODIFY WATERMARK FOR `row_time` AS `row_time` - INTERVAL '10' SECOND;
ALTER TABLE MyTable DROP (`a1`, `a2`);
ALTER TABLE MyTable DROP PRIMARY KEY;
ALTER TABLE MyTable RENAME `extra` TO `extra2`;
ALTER TABLE IF EXISTS MyTable RENAME TO MyTable2;
ALTER VIEW recent_users RENAME TO recent_users2;

DROP TEMPORARY VIEW IF EXISTS recent_users2;
DROP TEMPORARY SYSTEM FUNCTION IF EXISTS split_words;
DROP FUNCTION my_db.parse_ua;
DROP TABLE IF EXISTS my_catalog.my_db.MyTable2;
DROP DATABASE IF EXISTS my_catalog.my_db CASCADE;
DROP CATALOG IF EXISTS my_catalog;
