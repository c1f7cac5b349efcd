-- Statement sets in both the EXECUTE form and the SQL client's script form.
SET 'execution.runtime-mode' = 'streaming';
SET 'pipeline.name' = 'fan-out';
SET 'execution.checkpointing.interval' = '10s';
SET 'table.exec.state.ttl' = '1 h';

CREATE TEMPORARY TABLE pageviews (
  user_id BIGINT,
  page_id BIGINT,
  viewtime TIMESTAMP(3),
  user_region STRING,
  WATERMARK FOR viewtime AS viewtime - INTERVAL '2' SECOND
) WITH ('connector' = 'datagen');

CREATE TEMPORARY TABLE pageviews_per_region (
  user_region STRING,
  cnt BIGINT,
  PRIMARY KEY (user_region) NOT ENFORCED
) WITH ('connector' = 'print');

CREATE TEMPORARY TABLE pageviews_sink (
  user_id BIGINT,
  page_id BIGINT
) WITH ('connector' = 'blackhole');

EXECUTE STATEMENT SET
BEGIN
  INSERT INTO pageviews_per_region
  SELECT user_region, COUNT(*) FROM pageviews GROUP BY user_region;

  INSERT INTO pageviews_sink
  SELECT user_id, page_id FROM pageviews WHERE page_id > 10;
END;

BEGIN STATEMENT SET;

INSERT INTO pageviews_per_region
SELECT user_region, COUNT(DISTINCT user_id) FROM pageviews GROUP BY user_region;

INSERT INTO pageviews_sink (user_id, page_id)
SELECT user_id, page_id FROM pageviews;

END;

EXECUTE INSERT INTO pageviews_sink SELECT user_id, page_id FROM pageviews;

INSERT OVERWRITE pageviews_sink SELECT user_id, page_id FROM pageviews;

INSERT INTO pageviews_per_region
SELECT user_region, COUNT(*) AS cnt FROM pageviews GROUP BY user_region ON CONFLICT DO DEDUPLICATE;

EXPLAIN CHANGELOG_MODE, ESTIMATED_COST
SELECT user_region, COUNT(*) FROM pageviews GROUP BY user_region;

EXPLAIN PLAN FOR INSERT INTO pageviews_sink SELECT user_id, page_id FROM pageviews;

EXPLAIN STATEMENT SET BEGIN INSERT INTO pageviews_sink SELECT 1, 2; END;

RESET 'table.exec.state.ttl';
RESET;
