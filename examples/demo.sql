-- Weir demo: a bounded generator of orders, a computed column, a filter and a
-- continuously updated aggregation. The changelog (+I, -U, +U) shows how the
-- per-category totals evolve as rows arrive.
CREATE TABLE orders (
  order_id BIGINT,
  amount   DECIMAL(10, 2),
  customer INT,
  category AS CASE MOD(order_id, 4)
                WHEN 0 THEN 'books' WHEN 1 THEN 'games'
                WHEN 2 THEN 'music' ELSE 'tools' END
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '12',
  'fields.order_id.kind' = 'sequence',
  'fields.order_id.start' = '1',
  'fields.order_id.end' = '12',
  'fields.amount.min' = '1',
  'fields.amount.max' = '100',
  'fields.customer.min' = '1',
  'fields.customer.max' = '5'
);

SELECT category, COUNT(*) AS orders, SUM(amount) AS revenue, COUNT(DISTINCT customer) AS customers
FROM orders
WHERE amount > 10
GROUP BY category;
