-- csv.sql: DuckDB's side of the benchmark on a legacy CUR CSV (plain or .gz,
-- ${F}): the unblended cost summed exactly per period, account, product and
-- line item type, every value cast to DECIMAL(38,12) (drawdown's precision is
-- 12 fractional digits too). All columns read as VARCHAR: DuckDB's fastest
-- exact setting measured here (typed sniffing was slower).
SELECT substr(CAST("bill/BillingPeriodStartDate" AS VARCHAR), 1, 7) AS period,
       "lineItem/UsageAccountId" AS account,
       "lineItem/ProductCode" AS product_code,
       "lineItem/LineItemType" AS line_item_type,
       SUM(CAST("lineItem/UnblendedCost" AS DECIMAL(38, 12))) AS amount
FROM read_csv('${F}', header = true, all_varchar = true)
GROUP BY ALL
ORDER BY ALL
