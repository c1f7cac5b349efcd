-- Scalar functions with special syntax: JSON, strings, temporal, collections.
SELECT
  JSON_VALUE('{"a": 1}', '$.a' RETURNING INT DEFAULT 0 ON EMPTY NULL ON ERROR),
  JSON_VALUE(payload, 'lax $.b.c' RETURNING DOUBLE ERROR ON ERROR),
  JSON_QUERY(payload, '$.items' WITH CONDITIONAL ARRAY WRAPPER EMPTY ARRAY ON EMPTY),
  JSON_QUERY(payload, '$.obj' WITHOUT WRAPPER NULL ON ERROR),
  JSON_EXISTS(payload, '$.a'),
  JSON_EXISTS(payload, 'strict $.missing' FALSE ON ERROR),
  JSON_OBJECT(KEY 'id' VALUE id, 'name' VALUE name NULL ON NULL),
  JSON_OBJECT(KEY 'nested' VALUE JSON_OBJECT(KEY 'x' VALUE 1) ABSENT ON NULL),
  JSON_ARRAY(1, 'two', NULL ABSENT ON NULL),
  JSON_STRING(ROW(1, 'x')),
  payload IS JSON,
  payload IS JSON OBJECT,
  payload IS NOT JSON ARRAY
FROM events;

SELECT
  JSON_OBJECTAGG(KEY k VALUE v),
  JSON_ARRAYAGG(v ORDER BY k NULL ON NULL)
FROM kv GROUP BY g;

SELECT
  TRIM(BOTH ' ' FROM name),
  TRIM(LEADING '0' FROM code),
  TRIM(name),
  POSITION('@' IN email),
  SUBSTRING(name FROM 2 FOR 3),
  SUBSTRING(name, 2),
  OVERLAY(name PLACING '***' FROM 2 FOR 3),
  UPPER(name) || '-' || LOWER(name),
  CHAR_LENGTH(name),
  REGEXP_REPLACE(name, '[aeiou]', ''),
  CONCAT_WS(',', a, b, c),
  name SIMILAR TO '[A-Z]%',
  name LIKE 'a\_%' ESCAPE '\',
  U&'caf\00E9' AS cafe,
  X'CAFE' AS bytes_lit
FROM users;

SELECT
  EXTRACT(YEAR FROM ts),
  EXTRACT(EPOCH FROM ts),
  FLOOR(ts TO HOUR),
  CEIL(ts TO DAY),
  TIMESTAMPADD(MINUTE, 5, ts),
  TIMESTAMPDIFF(DAY, TIMESTAMP '2020-01-01 00:00:00', ts),
  DATE '2020-01-01' + INTERVAL '1' DAY,
  TIME '12:30:00',
  TIMESTAMP '2020-01-01 12:00:00.123',
  CURRENT_TIMESTAMP,
  CURRENT_DATE,
  LOCALTIMESTAMP,
  NOW(),
  TO_TIMESTAMP_LTZ(1600000000000, 3),
  CAST(ts AS TIMESTAMP_LTZ(3)),
  TRY_CAST('x' AS INT),
  CAST(ts AS TIMESTAMP(3) WITH LOCAL TIME ZONE),
  INTERVAL '1 02:03:04.567' DAY TO SECOND(3),
  INTERVAL '2-6' YEAR TO MONTH
FROM t;

SELECT
  ARRAY[1, 2, 3][1],
  MAP['a', 1, 'b', 2]['a'],
  ROW(1, 'a', TRUE),
  CARDINALITY(arr),
  ELEMENT(ARRAY[1]),
  r.address.city,
  (r.address).zip,
  CASE WHEN a IS DISTINCT FROM b THEN 'diff' WHEN a IS NULL THEN 'null' ELSE 'same' END,
  CASE status WHEN 1 THEN 'on' WHEN 0 THEN 'off' END,
  COALESCE(a, b, 0),
  NULLIF(a, 0),
  IF(a > 0, 'pos', 'neg'),
  a NOT BETWEEN 1 AND 10,
  a BETWEEN SYMMETRIC 10 AND 1,
  a IN (SELECT id FROM other),
  EXISTS (SELECT 1 FROM other WHERE other.id = t.id),
  a > ALL (SELECT id FROM other),
  -a * (b + c) / 2 % 3
FROM t, UNNEST(t.arr) WITH ORDINALITY AS u (x, pos)
CROSS JOIN LATERAL TABLE(split_words(t.s)) AS w (word, len);
