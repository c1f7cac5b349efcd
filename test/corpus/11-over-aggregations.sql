-- OVER aggregations with ROWS and RANGE frames, named windows, and group aggregations.
CREATE TABLE Orders (
  order_id BIGINT,
  product STRING,
  amount INT,
  order_time TIMESTAMP_LTZ(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen');

SELECT order_id, order_time, amount,
  SUM(amount) OVER (
    PARTITION BY product
    ORDER BY order_time
    RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW
  ) AS one_hour_prod_amount_sum
FROM Orders;

SELECT order_id, order_time, amount,
  SUM(amount) OVER w AS sum_amount,
  AVG(amount) OVER w AS avg_amount,
  COUNT(*) OVER w AS cnt
FROM Orders
WINDOW w AS (
  PARTITION BY product
  ORDER BY order_time
  ROWS BETWEEN 5 PRECEDING AND CURRENT ROW);

SELECT product, order_time,
  MAX(amount) OVER (PARTITION BY product ORDER BY order_time ROWS UNBOUNDED PRECEDING) AS running_max,
  LAG(amount, 1) OVER (PARTITION BY product ORDER BY order_time) AS prev_amount,
  LEAD(amount) OVER (PARTITION BY product ORDER BY order_time) AS next_amount,
  FIRST_VALUE(amount) OVER (PARTITION BY product ORDER BY order_time) AS first_amount,
  RANK() OVER (PARTITION BY product ORDER BY amount DESC) AS rnk,
  DENSE_RANK() OVER (PARTITION BY product ORDER BY amount DESC NULLS LAST) AS drnk
FROM Orders;

SELECT product,
  COUNT(*) AS cnt,
  COUNT(DISTINCT order_id) AS orders,
  SUM(amount) FILTER (WHERE amount > 10) AS big_amount,
  LISTAGG(CAST(order_id AS STRING), ';') AS ids,
  MAX(amount) - MIN(amount) AS spread,
  STDDEV_POP(amount) AS sd,
  COLLECT(order_id) AS all_ids
FROM Orders
WHERE product IS NOT NULL AND product NOT LIKE 'test%'
GROUP BY product
HAVING COUNT(*) > 1 AND SUM(amount) BETWEEN 10 AND 1000
ORDER BY cnt DESC
LIMIT 100;

SELECT DISTINCT product FROM Orders;

SELECT product, amount FROM Orders
UNION ALL
SELECT product, -amount FROM Orders WHERE amount < 0
EXCEPT
SELECT product, 0 FROM Orders;

WITH orders_with_total AS (
    SELECT order_id, SUM(amount) AS total
    FROM Orders
    GROUP BY order_id
)
SELECT order_id, total, total / 100.0 AS pct
FROM orders_with_total;

SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, CAST(NULL AS STRING))) AS t (id, v) WHERE id IN (1, 3);
