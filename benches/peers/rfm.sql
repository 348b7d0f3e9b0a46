-- The summary + RFM of benches/peers/rfm.py in DuckDB SQL, shared by DuckDB (Python) and
-- DuckDB-WASM (benches/duckdb-wasm.mjs); {path} is the file. Conventions: see rfm.py.
WITH t AS (SELECT * FROM read_csv('{path}', header = true,
             columns = {'customer_id': 'VARCHAR', 'date': 'DATE', 'amount': 'DECIMAL(18, 2)'})),
obs AS (SELECT max(date) AS e FROM t),
d AS (SELECT customer_id, date, sum(amount) AS amount, count(*) AS rows FROM t GROUP BY customer_id, date),
c AS (SELECT customer_id, min(date) AS first, max(date) AS last, count(*) - 1 AS frequency,
             sum(amount) AS total, sum(rows) AS purchases, arg_min(amount, date) AS first_amount
      FROM d GROUP BY customer_id),
s AS (SELECT c.*, (last - first) / 7 AS recency, ((SELECT e FROM obs) - first) / 7 AS T,
             CASE WHEN frequency > 0 THEN CAST(total - first_amount AS DOUBLE) / frequency ELSE 0 END AS monetary,
             (SELECT e FROM obs) - last AS recency_days, count(*) OVER () AS n FROM c),
q AS (SELECT *, 1 + (5 * (rank() OVER (ORDER BY recency_days DESC) - 1)) // n AS r,
                1 + (5 * (rank() OVER (ORDER BY purchases) - 1)) // n AS f,
                1 + (5 * (rank() OVER (ORDER BY total) - 1)) // n AS m FROM s)
SELECT count(*), sum(purchases), sum(frequency), sum(recency), sum(T), sum(monetary), sum(r), sum(f), sum(m) FROM q
