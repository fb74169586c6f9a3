-- spark_focus.sql: the aggregated charges CSV (drawdown SPEC 2.2) from
-- a FOCUS 1.0-1.2 table. Spark SQL (3.x): the twin of athena_focus.sql with STRING
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
--   rows whose ProviderName is set and is neither 'AWS' nor 'Amazon Web
--   Services' (any case) are left out (other clouds in a mixed file)
--   billing_period  month of BillingPeriodStart, else of ChargePeriodStart
--   payer_account   BillingAccountId, else SubAccountId
--   usage_account   SubAccountId, else BillingAccountId
--   service         x_ServiceCode, else ServiceName
--   charge_type     ChargeCategory as written, except Purchase with
--                   ChargeFrequency Recurring, which is 'RecurringFee'
--   billing_entity  'AWS Marketplace' when x_BillingEntity says so; without
--                   x_BillingEntity, when PublisherName is set and is neither
--                   'AWS' nor a name starting with 'Amazon' (any case)
--   amount          SUM of BilledCost, each value cast to DECIMAL(38,18)
--                   first (through STRING: see athena_cur2.sql).
-- Empty and 'NULL' texts count as null. If your table has no x_BillingEntity
-- or x_ServiceCode column, replace it by NULL.
SELECT
  substr(CAST(COALESCE(NULLIF(NULLIF(CAST(BillingPeriodStart AS STRING), ''), 'NULL'),
                       NULLIF(NULLIF(CAST(ChargePeriodStart AS STRING), ''), 'NULL')) AS STRING), 1, 7)
    AS billing_period,
  COALESCE(NULLIF(NULLIF(BillingAccountId, ''), 'NULL'), NULLIF(NULLIF(SubAccountId, ''), 'NULL'))
    AS payer_account,
  COALESCE(NULLIF(NULLIF(SubAccountId, ''), 'NULL'), NULLIF(NULLIF(BillingAccountId, ''), 'NULL'))
    AS usage_account,
  COALESCE(NULLIF(NULLIF(x_ServiceCode, ''), 'NULL'), NULLIF(NULLIF(ServiceName, ''), 'NULL'), '')
    AS service,
  CASE WHEN lower(ChargeCategory) = 'purchase' AND lower(ChargeFrequency) = 'recurring' THEN 'RecurringFee'
       ELSE ChargeCategory END AS charge_type,
  CASE
    WHEN NULLIF(NULLIF(x_BillingEntity, ''), 'NULL') IS NOT NULL THEN
      CASE WHEN lower(x_BillingEntity) = 'aws marketplace' THEN 'AWS Marketplace' ELSE 'AWS' END
    WHEN NULLIF(NULLIF(PublisherName, ''), 'NULL') IS NULL THEN 'AWS'
    WHEN lower(PublisherName) = 'aws marketplace' THEN 'AWS Marketplace'
    WHEN lower(PublisherName) = 'aws' OR lower(substr(PublisherName, 1, 6)) = 'amazon' THEN 'AWS'
    ELSE 'AWS Marketplace'
  END AS billing_entity,
  COALESCE(SUM(CAST(NULLIF(NULLIF(CAST(BilledCost AS STRING), ''), 'NULL') AS DECIMAL(38, 18))),
           CAST(0 AS DECIMAL(38, 18))) AS amount
FROM focus
WHERE NULLIF(NULLIF(ProviderName, ''), 'NULL') IS NULL
   OR lower(ProviderName) IN ('aws', 'amazon web services')
GROUP BY 1, 2, 3, 4, 5, 6
ORDER BY 1, 2, 3, 4, 5, 6
