-- to_parquet.sql: the Parquet copy of a generated CSV (${F} -> ${OUT}),
-- shaped like AWS's Parquet exports: costs and rates as DOUBLE, the rest as
-- text, snappy pages, row groups of DuckDB's default size.
COPY (
  SELECT * REPLACE (
    CAST("lineItem/UnblendedCost" AS DOUBLE) AS "lineItem/UnblendedCost",
    CAST("lineItem/BlendedCost" AS DOUBLE) AS "lineItem/BlendedCost",
    CAST("lineItem/UsageAmount" AS DOUBLE) AS "lineItem/UsageAmount",
    CAST(NULLIF("reservation/EffectiveCost", '') AS DOUBLE) AS "reservation/EffectiveCost",
    CAST(NULLIF("savingsPlan/SavingsPlanEffectiveCost", '') AS DOUBLE) AS "savingsPlan/SavingsPlanEffectiveCost")
  FROM read_csv('${F}', header = true, all_varchar = true)
) TO '${OUT}' (FORMAT parquet, COMPRESSION snappy)
