-- kundenwert: the per-customer summary (FORMULAS.md 14), RFM scores (13) and ABC value tiers
-- (12) for BigQuery (GoogleSQL), by the same conventions as kundenwert's own summary
-- (src/data/summary.rs, src/segment/rfm.rs, src/segment/tiers.rs). tests/sql/equality.py
-- compares it with kundenwert's summary customer by customer on the CDNOW master file.
--
-- Input: a table or view transactions(customer_id, purchased_at DATE, amount), one row per
-- order line or order. Rows with a NULL in any of the three columns are left out.
-- Output: one row per customer, ordered by customer_id:
--   customer_id
--   frequency       repeat purchases: distinct purchase days - 1
--   recency         first to last purchase day, in the period unit (0 without repeats)
--   T               first purchase day to the observation end, in the period unit
--   monetary        mean of the repeat purchase days' spend (each day's amounts summed;
--                   the first purchase day is not a repeat), 0 without repeat purchases
--   total           all the customer's amounts to the observation end, refunds included
--   purchases       purchase rows (amount >= 0)
--   first_purchase, last_purchase   the first and last purchase day (DATE)
--   recency_days    days from the last purchase to the observation end
--   r, f, m         RFM quintile scores 1-5 (5 best) of recency_days (lower is better),
--                   purchases and total (or total / purchases: rfm_monetary = 'average')
--   segment         the RFM segment's key (champions, loyal, ... hibernating)
--   tier            A, B or C
--
-- Conventions:
-- * Purchases on the same day are one purchase day.
-- * Refunds: a negative amount lowers the customer's total and that day's spend; it is not a
--   purchase, and a day with only refunds is not a purchase day. A customer with refunds only
--   has no purchase and no row.
-- * Money is summed exactly, as NUMERIC rounded to the cent, as kundenwert
--   sums integer cents; monetary is that exact sum divided by frequency in FLOAT64.
-- * The observation end: rows after it are left out; NULL means the last transaction date.
-- * The period unit, in days: 1 (day), 7 (week, kundenwert's default) or 30.4375 (month,
--   365.25 / 12). recency and T are whole days divided by it, in FLOAT64, as kundenwert does.
-- * DIV(5 * p, n) is integer division (floor for these values).
-- * No BigQuery job or dry run runs in kundenwert's tests: sqlglot parses this file as
--   BigQuery, and its DuckDB translation of it runs and is compared (tests/sql/equality.py).
--   The query is sql/duckdb.sql (which runs in DuckDB itself) in GoogleSQL's syntax.
-- * RFM: each value scores 1 + floor(5 * p / n), p the number of customers with a worse value
--   and n all customers, so equal values always share a score (RANK() gives p + 1).
-- * Tiers: customers sorted by total, highest first; a customer is A while the value of the
--   customers before it is below tier_a of the positive total (the one who crosses the line
--   is in A), B below tier_a + tier_b, else C; a total of 0 or less is always C. Customers
--   with equal totals are taken in customer_id order; kundenwert takes them in the order they
--   first appear in the file, so the two agree when the file is sorted by customer (as
--   CDNOW's is) and otherwise may differ only for tied customers exactly at a tier line.
--   (Until kundenwert sums integer cents, its float sums can also see two equal totals a
--   hair apart and order them differently: docs/at-scale.md.)
--
-- Run: bq query --use_legacy_sql=false < sql/bigquery.sql, after editing the params row
-- below, with `transactions` replaced by your `project.dataset.table` (or a view of that
-- name: CREATE VIEW dataset.transactions AS SELECT ... FROM dataset.orders).
WITH params AS (
    SELECT
        CAST(NULL AS DATE) AS observation_end,      -- e.g. DATE '1998-06-30'
        CAST(7 AS FLOAT64) AS days_per_period,       -- 1 day, 7 week, 30.4375 month
        'total' AS rfm_monetary,                    -- 'total' or 'average'
        CAST(0.8 AS FLOAT64) AS tier_a,
        CAST(0.15 AS FLOAT64) AS tier_b
),
settings AS (
    SELECT
        COALESCE(p.observation_end, (
            SELECT MAX(purchased_at) FROM transactions
            WHERE customer_id IS NOT NULL AND amount IS NOT NULL
        )) AS observation_end,
        p.days_per_period, p.rfm_monetary, p.tier_a, p.tier_b
    FROM params p
),
rows_in AS (
    SELECT t.customer_id, t.purchased_at AS purchase_day, ROUND(CAST(t.amount AS NUMERIC), 2) AS amount
    FROM transactions t, settings s
    WHERE t.customer_id IS NOT NULL AND t.purchased_at IS NOT NULL AND t.amount IS NOT NULL
      AND t.purchased_at <= s.observation_end
),
days AS (
    -- One row per customer and day: the day's spend (refunds included) and purchase rows.
    SELECT customer_id, purchase_day, SUM(amount) AS spend,
           COUNT(CASE WHEN amount >= 0 THEN 1 END) AS purchases
    FROM rows_in
    GROUP BY customer_id, purchase_day
),
marked AS (
    SELECT d.*, MIN(CASE WHEN purchases > 0 THEN purchase_day END) OVER (PARTITION BY customer_id) AS first_purchase
    FROM days d
),
grouped AS (
    SELECT customer_id,
           COUNT(CASE WHEN purchases > 0 THEN 1 END) - 1 AS frequency,
           MIN(first_purchase) AS first_purchase,
           MAX(CASE WHEN purchases > 0 THEN purchase_day END) AS last_purchase,
           SUM(CASE WHEN purchases > 0 AND purchase_day <> first_purchase THEN spend ELSE 0 END) AS repeat_spend,
           SUM(spend) AS total,
           SUM(purchases) AS purchases
    FROM marked
    GROUP BY customer_id
    HAVING COUNT(CASE WHEN purchases > 0 THEN 1 END) > 0
),
summary AS (
    SELECT g.customer_id, g.frequency,
           DATE_DIFF(g.last_purchase, g.first_purchase, DAY) / s.days_per_period AS recency,
           DATE_DIFF(s.observation_end, g.first_purchase, DAY) / s.days_per_period AS T,
           CASE WHEN g.frequency > 0 THEN CAST(g.repeat_spend AS FLOAT64) / g.frequency ELSE 0 END AS monetary,
           g.total, g.purchases, g.first_purchase, g.last_purchase,
           DATE_DIFF(s.observation_end, g.last_purchase, DAY) AS recency_days,
           CASE WHEN s.rfm_monetary = 'average' THEN CAST(g.total AS FLOAT64) / g.purchases
                ELSE CAST(g.total AS FLOAT64) END AS m_value
    FROM grouped g, settings s
),
ranked AS (
    SELECT u.*,
           COUNT(*) OVER () AS n,
           RANK() OVER (ORDER BY recency_days DESC) - 1 AS r_worse,
           RANK() OVER (ORDER BY purchases) - 1 AS f_worse,
           RANK() OVER (ORDER BY m_value) - 1 AS m_worse,
           CAST(SUM(CASE WHEN total > 0 THEN total ELSE 0 END) OVER () AS FLOAT64) AS positive_total,
           CAST(COALESCE(SUM(total) OVER (ORDER BY total DESC, customer_id
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS FLOAT64) AS value_before
    FROM summary u
),
scored AS (
    SELECT k.*,
           1 + DIV(5 * r_worse, n) AS r,
           1 + DIV(5 * f_worse, n) AS f,
           1 + DIV(5 * m_worse, n) AS m,
           CASE WHEN k.total <= 0 OR k.positive_total <= 0 THEN 'C'
                WHEN k.value_before < s.tier_a * k.positive_total * (1 - 1e-12) THEN 'A'
                WHEN k.value_before < (s.tier_a + s.tier_b) * k.positive_total * (1 - 1e-12) THEN 'B'
                ELSE 'C' END AS tier
    FROM ranked k, settings s
)
SELECT customer_id, frequency, recency, T, monetary, total, purchases,
       first_purchase, last_purchase, recency_days, r, f, m,
       CASE WHEN r = 5 AND f >= 4 THEN 'champions'
            WHEN r IN (3, 4) AND f >= 4 THEN 'loyal'
            WHEN r >= 4 AND f IN (2, 3) THEN 'potential-loyalists'
            WHEN r = 5 THEN 'new'
            WHEN r = 4 THEN 'promising'
            WHEN r = 3 AND f = 3 THEN 'need-attention'
            WHEN r = 3 THEN 'about-to-sleep'
            WHEN f = 5 THEN 'cant-lose-them'
            WHEN f IN (3, 4) THEN 'at-risk'
            ELSE 'hibernating' END AS segment,
       tier
FROM scored
ORDER BY customer_id;
