-- parquet.sql: DuckDB's side of the benchmark on the Parquet copy (${F}),
-- where the cost is a DOUBLE as in AWS's Parquet exports. Each double goes
-- to its shortest decimal text, then to DECIMAL(38,12): the same exact rule
-- as drawdown's Parquet reader (a direct DOUBLE -> DECIMAL cast may round).
SELECT substr(CAST("bill/BillingPeriodStartDate" AS VARCHAR), 1, 7) AS period,
       "lineItem/UsageAccountId" AS account,
       "lineItem/ProductCode" AS product_code,
       "lineItem/LineItemType" AS line_item_type,
       SUM(CAST(CAST("lineItem/UnblendedCost" AS VARCHAR) AS DECIMAL(38, 12))) AS amount
FROM read_parquet('${F}')
GROUP BY ALL
ORDER BY ALL
