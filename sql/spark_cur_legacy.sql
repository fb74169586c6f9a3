-- spark_cur_legacy.sql: the aggregated charges CSV (drawdown SPEC 2.2) from
-- a table that keeps the legacy CUR CSV header names
-- (`lineItem/UnblendedCost`, ...), e.g. a Spark table read from the raw CSV files. Spark SQL (3.x): the twin of athena_cur_legacy.sql with STRING
-- for VARCHAR and backquoted names. Replace the table name with yours and
-- filter on the period to export one month. Spark's STRING -> DECIMAL cast
-- (Java BigDecimal) accepts exponent forms such as 1.2E-7.
-- Run it with spark.sql.ansi.enabled=true (the default from Spark 4.0;
-- Databricks SQL: ANSI_MODE). With it false, the default of Spark 3.x,
-- CAST turns a cost that is not a number into NULL and a DECIMAL SUM
-- that overflows into NULL, and the COALESCE below counts either as 0,
-- where drawdown and Athena stop with an error.
--
-- Same grain and rules as `drawdown import` (see athena_cur2.sql for each
-- column): billing period YYYY-MM, payer (else usage account), usage account
-- (else payer), product code (else product/servicecode), line item type
-- ('Usage' when absent),
-- billing entity folded to 'AWS' / 'AWS Marketplace', and the SUM of
-- lineItem/UnblendedCost with every value cast to DECIMAL(38,18) first.
SELECT
  substr(CAST(COALESCE(NULLIF(NULLIF(CAST(`bill/BillingPeriodStartDate` AS STRING), ''), 'NULL'),
                       NULLIF(NULLIF(CAST(`lineItem/UsageStartDate` AS STRING), ''), 'NULL')) AS STRING), 1, 7)
    AS billing_period,
  COALESCE(NULLIF(NULLIF(`bill/PayerAccountId`, ''), 'NULL'),
           NULLIF(NULLIF(`lineItem/UsageAccountId`, ''), 'NULL')) AS payer_account,
  COALESCE(NULLIF(NULLIF(`lineItem/UsageAccountId`, ''), 'NULL'),
           NULLIF(NULLIF(`bill/PayerAccountId`, ''), 'NULL')) AS usage_account,
  COALESCE(NULLIF(NULLIF(`lineItem/ProductCode`, ''), 'NULL'),
           NULLIF(NULLIF(`product/servicecode`, ''), 'NULL'), '') AS service,
  COALESCE(NULLIF(NULLIF(`lineItem/LineItemType`, ''), 'NULL'), 'Usage') AS charge_type,
  CASE WHEN lower(`bill/BillingEntity`) = 'aws marketplace' THEN 'AWS Marketplace' ELSE 'AWS' END
    AS billing_entity,
  COALESCE(SUM(CAST(NULLIF(NULLIF(CAST(`lineItem/UnblendedCost` AS STRING), ''), 'NULL') AS DECIMAL(38, 18))),
           CAST(0 AS DECIMAL(38, 18))) AS amount
FROM cur_legacy
GROUP BY 1, 2, 3, 4, 5, 6
ORDER BY 1, 2, 3, 4, 5, 6
