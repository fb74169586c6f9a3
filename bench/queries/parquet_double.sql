-- parquet_double.sql: DuckDB as a user runs it on the Parquet copy (${F}),
-- where the cost is a DOUBLE as in AWS's Parquet exports: a plain SUM,
-- grouped by period, account, product and line item type. Fast, not exact:
-- only the key set is compared.
SELECT substr(CAST("bill/BillingPeriodStartDate" AS VARCHAR), 1, 7) AS period,
       "lineItem/UsageAccountId" AS account,
       "lineItem/ProductCode" AS product_code,
       "lineItem/LineItemType" AS line_item_type,
       SUM("lineItem/UnblendedCost") AS amount
FROM read_parquet('${F}')
GROUP BY ALL
ORDER BY ALL
