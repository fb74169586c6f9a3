-- spark_cur2.sql: the aggregated charges CSV (drawdown SPEC 2.2) from
-- a CUR table with Athena's snake_case columns (CUR 2.0 or
-- the legacy CUR with AWS's Athena-integration names). Spark SQL (3.x): the twin of athena_cur2.sql with STRING
-- for VARCHAR and backquoted names. Replace the table name with yours and
-- filter on the period to export one month. Spark's STRING -> DECIMAL cast
-- (Java BigDecimal) accepts exponent forms such as 1.2E-7.
-- Run it with spark.sql.ansi.enabled=true (the default from Spark 4.0;
-- Databricks SQL: ANSI_MODE). With it false, the default of Spark 3.x,
-- CAST turns a cost that is not a number into NULL and a DECIMAL SUM
-- that overflows into NULL, and the COALESCE below counts either as 0,
-- where drawdown and Athena stop with an error.
--
-- Same grain and rules as `drawdown import` of the same rows:
--   billing_period  month of bill_billing_period_start_date (YYYY-MM), else
--                   of line_item_usage_start_date
--   payer_account   bill_payer_account_id, else the usage account
--   usage_account   line_item_usage_account_id, else the payer (strings:
--                   leading zeros kept)
--   service         line_item_product_code, else product_servicecode
--   charge_type     line_item_line_item_type as written ('Usage' when
--                   absent, as in trimmed samples without the column)
--   billing_entity  'AWS Marketplace' when bill_billing_entity says so
--                   (any case), else 'AWS'
--   amount          SUM of line_item_unblended_cost as DECIMAL(38,18).
-- Each cost is cast to DECIMAL before the sum, never summed as DOUBLE. The
-- cast goes through STRING so a DOUBLE column (Parquet) is read as its
-- shortest decimal text (drawdown's Parquet reader also rounds it to 12
-- decimals, which matters only past 12), and a STRING column
-- (CSV) keeps every digit; Spark's STRING -> DECIMAL cast (Java BigDecimal) accepts exponent
-- forms such as 1.2E-7. Empty and 'NULL' texts count as null (cost 0).
SELECT
  substr(CAST(COALESCE(NULLIF(NULLIF(CAST(bill_billing_period_start_date AS STRING), ''), 'NULL'),
                       NULLIF(NULLIF(CAST(line_item_usage_start_date AS STRING), ''), 'NULL')) AS STRING), 1, 7)
    AS billing_period,
  COALESCE(NULLIF(NULLIF(bill_payer_account_id, ''), 'NULL'),
           NULLIF(NULLIF(line_item_usage_account_id, ''), 'NULL')) AS payer_account,
  COALESCE(NULLIF(NULLIF(line_item_usage_account_id, ''), 'NULL'),
           NULLIF(NULLIF(bill_payer_account_id, ''), 'NULL')) AS usage_account,
  COALESCE(NULLIF(NULLIF(line_item_product_code, ''), 'NULL'),
           NULLIF(NULLIF(product_servicecode, ''), 'NULL'), '') AS service,
  COALESCE(NULLIF(NULLIF(line_item_line_item_type, ''), 'NULL'), 'Usage') AS charge_type,
  CASE WHEN lower(bill_billing_entity) = 'aws marketplace' THEN 'AWS Marketplace' ELSE 'AWS' END
    AS billing_entity,
  COALESCE(SUM(CAST(NULLIF(NULLIF(CAST(line_item_unblended_cost AS STRING), ''), 'NULL') AS DECIMAL(38, 18))),
           CAST(0 AS DECIMAL(38, 18))) AS amount
FROM cur
GROUP BY 1, 2, 3, 4, 5, 6
ORDER BY 1, 2, 3, 4, 5, 6
