-- Regular joins, hints and a temporal table function join.
SELECT /*+ BROADCAST(dim) */ f.id, d.name
FROM facts AS f JOIN dim AS d ON f.dim_id = d.id;

SELECT /*+ SHUFFLE_HASH(a, b) */ * FROM a LEFT JOIN b ON a.k = b.k;

SELECT /*+ STATE_TTL('o' = '1d', 'c' = '12h') */ o.id, c.name
FROM Orders o JOIN Customers c ON o.cid = c.id;

SELECT * FROM Orders /*+ OPTIONS('scan.startup.mode' = 'earliest-offset') */ o
  FULL OUTER JOIN Product p ON o.product_id = p.id
  RIGHT JOIN Vendor v USING (vendor_id);

SELECT * FROM a NATURAL JOIN b, c CROSS JOIN d;

SELECT o.amount * r.rate AS amount
FROM Orders AS o,
  LATERAL TABLE (Rates(o.order_time)) AS r
WHERE r.currency = o.currency;

SELECT * FROM (a JOIN b ON a.x = b.x) JOIN (c JOIN d ON c.y = d.y) ON a.z = c.z;
