-- Interval joins between orders and shipments.
CREATE TABLE Orders (
  id INT,
  order_time TIMESTAMP(3),
  amount DOUBLE,
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH ('connector' = 'kafka', 'topic' = 'orders', 'properties.bootstrap.servers' = 'localhost:9092', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset');

CREATE TABLE Shipments (
  order_id INT,
  ship_time TIMESTAMP(3),
  WATERMARK FOR ship_time AS ship_time - INTERVAL '5' SECOND
) WITH ('connector' = 'kafka', 'topic' = 'shipments', 'properties.bootstrap.servers' = 'localhost:9092', 'format' = 'json');

SELECT *
FROM Orders o, Shipments s
WHERE o.id = s.order_id
AND o.order_time BETWEEN s.ship_time - INTERVAL '4' HOUR AND s.ship_time;

SELECT o.id, o.amount, s.ship_time
FROM Orders o
LEFT JOIN Shipments s
ON o.id = s.order_id
AND s.ship_time >= o.order_time AND s.ship_time < o.order_time + INTERVAL '1' DAY;

SELECT o.id, TIMESTAMPDIFF(MINUTE, o.order_time, s.ship_time) AS minutes_to_ship
FROM Orders AS o JOIN Shipments AS s ON o.id = s.order_id
WHERE s.ship_time BETWEEN o.order_time AND o.order_time + INTERVAL '2' HOUR;
