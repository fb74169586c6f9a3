-- csv_double.sql: DuckDB as a user runs it on a legacy CUR CSV (plain or .gz,
-- ${F}): read_csv with its own type detection (the cost becomes a DOUBLE) and
-- a plain SUM, grouped by period, account, product and line item type. This
-- is DuckDB's fastest ordinary configuration, not an exact one: the sums are
-- binary floating point, so only the key set is compared, not the amounts.
SELECT substr(CAST("bill/BillingPeriodStartDate" AS VARCHAR), 1, 7) AS period,
       "lineItem/UsageAccountId" AS account,
       "lineItem/ProductCode" AS product_code,
       "lineItem/LineItemType" AS line_item_type,
       SUM("lineItem/UnblendedCost") AS amount
FROM read_csv('${F}')
GROUP BY ALL
ORDER BY ALL
