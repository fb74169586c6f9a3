#!/usr/bin/env python3
"""focus_rules.py: an independent check of FOCUS CSV files against the
column rules of the FOCUS specification (python3 standard library only).

    focus_rules.py [--version 1.0|1.2|1.3] [--dataset cost|commitment] [--json] FILE...

Written from the specification's text, not from drawdown's code, so that
`drawdown export focus` is checked by something that did not write it.
Sources (FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec):
  cost and usage, 1.2 (tag v1.2): specification/columns/<column>.md (each
    column's requirements and content constraints) and
    specification/attributes/{column_handling, null_handling, numeric_format,
    datetime_format, currency_format, key_value_format}.md;
  contract commitment, 1.3: specification/datasets/contract_commitment/
    dataset.md (commit 0093e6af: the 13 columns the dataset MUST include) and
    columns/<column>.md (contractcommitmentid 1069b3cb, -category 0da1788e,
    -cost 0adb74e5, -quantity 089bf187, -unit 0d00451d, -type 229a2acb,
    -periodstart 229a2acb, -periodend 1290c660, -description 0da1788e,
    contractid 00c82f2f, contractperiodstart 176e653a, contractperiodend
    0da1788e, billingcurrency 02645d23).
Version 1.0 files are checked with the 1.2 rules of the columns 1.0 has
(v1.0's null handling and date/time format read the same as 1.2's). Version
1.3 cost-and-usage files are checked with the 1.2 rules, the 1.3 columns
(ServiceProviderName, HostProviderName, ContractApplied, Allocated*) known
and their JSON checked; 1.3's other changes are not encoded.

CSV conventions: RFC 4180; an empty field is null (the shared samples'
convention), so a non-null value is never empty; a text placeholder for
null ("NULL", "N/A", ...) breaks null_handling.md.

Each violation: FILE:LINE: COLUMN: RULE: message (LINE is the CSV record's
line, 1 the header). SHOULD-level findings are printed as warnings and do
not fail. Exit 0 when every file passes, 1 when any MUST rule is broken, 2
for usage. --json prints {"files": [{"path", "dataset", "version", "rows",
"violations": [{"line", "column", "rule", "message"}], "warnings": [...]}]}.
"""
import csv
import json
import re
import sys
from datetime import datetime
from decimal import Decimal, InvalidOperation

csv.field_size_limit(1 << 24)

# ---- cost and usage columns (1.2) --------------------------------------
# name: (feature level, allows nulls, data type, introduced), from each
# column's "Content constraints" table at v1.2. A "MUST NOT be null" line in
# the requirements wins over the table (PricingCurrency and
# PricingCurrencyEffectiveCost say "Allows nulls True" but "MUST NOT be
# null"; ChargeFrequency and ServiceSubcategory are nullable False).
M, C, R = "Mandatory", "Conditional", "Recommended"
COLUMNS_12 = {
    "AvailabilityZone": (R, True, "String", "0.5"),
    "BilledCost": (M, False, "Decimal", "0.5"),
    "BillingAccountId": (M, False, "String", "0.5"),
    "BillingAccountName": (M, True, "String", "0.5"),
    "BillingAccountType": (C, True, "String", "1.2"),  # conditional on BillingAccountId
    "BillingCurrency": (M, False, "Currency", "0.5"),
    "BillingPeriodEnd": (M, False, "DateTime", "0.5"),
    "BillingPeriodStart": (M, False, "DateTime", "0.5"),
    "CapacityReservationId": (C, True, "String", "1.1"),
    "CapacityReservationStatus": (C, True, "String", "1.1"),
    "ChargeCategory": (M, False, "String", "0.5"),
    "ChargeClass": (M, True, "String", "1.0"),
    "ChargeDescription": (M, True, "String", "1.0-preview"),
    "ChargeFrequency": (R, False, "String", "1.0-preview"),
    "ChargePeriodEnd": (M, False, "DateTime", "0.5"),
    "ChargePeriodStart": (M, False, "DateTime", "0.5"),
    "CommitmentDiscountCategory": (C, True, "String", "1.0-preview"),
    "CommitmentDiscountId": (C, True, "String", "1.0-preview"),
    "CommitmentDiscountName": (C, True, "String", "1.0-preview"),
    "CommitmentDiscountQuantity": (C, True, "Decimal", "1.1"),
    "CommitmentDiscountStatus": (C, True, "String", "1.0"),
    "CommitmentDiscountType": (C, True, "String", "1.0-preview"),
    "CommitmentDiscountUnit": (C, True, "String", "1.1"),
    "ConsumedQuantity": (C, True, "Decimal", "1.0"),
    "ConsumedUnit": (C, True, "String", "1.0"),
    "ContractedCost": (M, False, "Decimal", "1.0"),
    "ContractedUnitPrice": (C, True, "Decimal", "1.0"),
    "EffectiveCost": (M, False, "Decimal", "0.5"),
    "InvoiceId": (R, True, "String", "1.2"),
    "InvoiceIssuerName": (M, False, "String", "0.5"),
    "ListCost": (M, False, "Decimal", "1.0-preview"),
    "ListUnitPrice": (C, True, "Decimal", "1.0-preview"),
    "PricingCategory": (C, True, "String", "1.0-preview"),
    "PricingCurrency": (C, False, "Currency", "1.2"),
    "PricingCurrencyContractedUnitPrice": (C, True, "Decimal", "1.2"),
    "PricingCurrencyEffectiveCost": (C, False, "Decimal", "1.2"),
    "PricingCurrencyListUnitPrice": (C, True, "Decimal", "1.2"),
    "PricingQuantity": (M, True, "Decimal", "1.0-preview"),
    "PricingUnit": (M, True, "String", "1.0-preview"),
    "ProviderName": (M, False, "String", "0.5"),
    "PublisherName": (M, False, "String", "0.5"),
    "RegionId": (C, True, "String", "1.0"),
    "RegionName": (C, True, "String", "1.0"),
    "ResourceId": (C, True, "String", "0.5"),
    "ResourceName": (C, True, "String", "0.5"),
    "ResourceType": (C, True, "String", "1.0-preview"),
    "ServiceCategory": (M, False, "String", "0.5"),
    "ServiceName": (M, False, "String", "0.5"),
    "ServiceSubcategory": (R, False, "String", "1.1"),
    "SkuId": (C, True, "String", "1.0-preview"),
    "SkuMeter": (C, True, "String", "1.1"),
    "SkuPriceDetails": (C, True, "JSON", "1.1"),
    "SkuPriceId": (C, True, "String", "1.0-preview"),
    "SubAccountId": (C, True, "String", "0.5"),
    "SubAccountName": (C, True, "String", "0.5"),
    "SubAccountType": (C, True, "String", "1.2"),
    "Tags": (C, True, "JSON", "1.0-preview"),
}
# The 1.3 cost-and-usage columns of the shared 1.3 sample, known so that a
# 1.3 file is not refused for them.
COLUMNS_13_EXTRA = {
    "ServiceProviderName": (C, True, "String", "1.3"),
    "HostProviderName": (C, True, "String", "1.3"),
    "ContractApplied": (C, True, "JSON", "1.3"),
    "AllocatedMethodId": (C, True, "String", "1.3"),
    "AllocatedMethodDetails": (C, True, "JSON", "1.3"),
    "AllocatedResourceId": (C, True, "String", "1.3"),
    "AllocatedResourceName": (C, True, "String", "1.3"),
    "AllocatedTags": (C, True, "JSON", "1.3"),
}
ORDER = {"0.5": 0, "1.0-preview": 1, "1.0": 2, "1.1": 3, "1.2": 4, "1.3": 5}

# Allowed values (each column's "Allowed values" table, v1.2).
ALLOWED = {
    "ChargeCategory": {"Usage", "Purchase", "Tax", "Credit", "Adjustment"},
    "ChargeClass": {"Correction"},
    "ChargeFrequency": {"One-Time", "Recurring", "Usage-Based"},
    "PricingCategory": {"Standard", "Dynamic", "Committed", "Other"},
    "CommitmentDiscountCategory": {"Spend", "Usage"},
    "CommitmentDiscountStatus": {"Used", "Unused"},
    "CapacityReservationStatus": {"Used", "Unused"},
    "ServiceCategory": {
        "AI and Machine Learning", "Analytics", "Business Applications", "Compute", "Databases",
        "Developer Tools", "Multicloud", "Identity", "Integration", "Internet of Things",
        "Management and Governance", "Media", "Migration", "Mobile", "Networking", "Security",
        "Storage", "Web", "Other"},
}
# servicesubcategory.md (v1.2): subcategory -> its one parent category.
SUBCATEGORIES = {}
for _cat, _subs in {
    "AI and Machine Learning": ["AI Platforms", "Bots", "Generative AI", "Machine Learning",
                                "Natural Language Processing"],
    "Analytics": ["Analytics Platforms", "Business Intelligence", "Data Processing", "Search",
                  "Streaming Analytics"],
    "Business Applications": ["Productivity and Collaboration"],
    "Compute": ["Containers", "End User Computing", "Quantum Compute", "Serverless Compute",
                "Virtual Machines"],
    "Databases": ["Caching", "Data Warehouses", "Ledger Databases", "NoSQL Databases",
                  "Relational Databases", "Time Series Databases"],
    "Developer Tools": ["Developer Platforms", "Continuous Integration and Deployment",
                        "Development Environments", "Source Code Management", "Quality Assurance"],
    "Identity": ["Identity and Access Management"],
    "Integration": ["API Management", "Messaging", "Workflow Orchestration"],
    "Internet of Things": ["IoT Analytics", "IoT Platforms"],
    "Management and Governance": ["Architecture", "Compliance", "Cost Management", "Data Governance",
                                  "Disaster Recovery", "Endpoint Management", "Observability", "Support"],
    "Media": ["Content Creation", "Gaming", "Media Streaming", "Mixed Reality"],
    "Migration": ["Data Migration", "Resource Migration"],
    "Mobile": [],
    "Multicloud": ["Multicloud Integration"],
    "Networking": ["Application Networking", "Content Delivery", "Network Connectivity",
                   "Network Infrastructure", "Network Routing", "Network Security"],
    "Security": ["Secret Management", "Security Posture Management", "Threat Detection and Response"],
    "Storage": ["Backup Storage", "Block Storage", "File Storage", "Object Storage", "Storage Platforms"],
    "Web": ["Application Platforms"],
    "Other": [],
}.items():
    for _s in _subs + ["Other (%s)" % _cat]:
        SUBCATEGORIES[_s] = _cat

# ---- contract commitment columns (1.3) ----------------------------------
COLUMNS_CC = {
    "BillingCurrency": (M, True, "Currency", "1.3"),
    "ContractCommitmentCategory": (M, False, "String", "1.3"),
    "ContractCommitmentCost": (M, True, "Decimal", "1.3"),
    "ContractCommitmentDescription": (M, True, "String", "1.3"),
    "ContractCommitmentId": (M, False, "String", "1.3"),
    "ContractCommitmentPeriodEnd": (M, False, "DateTime", "1.3"),
    "ContractCommitmentPeriodStart": (M, False, "DateTime", "1.3"),
    "ContractCommitmentQuantity": (M, True, "Decimal", "1.3"),
    "ContractCommitmentType": (M, False, "String", "1.3"),
    "ContractCommitmentUnit": (M, True, "String", "1.3"),
    "ContractId": (M, False, "String", "1.3"),
    "ContractPeriodEnd": (M, False, "DateTime", "1.3"),
    "ContractPeriodStart": (M, False, "DateTime", "1.3"),
}
ALLOWED_CC = {"ContractCommitmentCategory": {"Spend", "Usage"}}

# ---- formats ------------------------------------------------------------
# numeric_format.md: an integer, a decimal or E notation "mEn", a '-' only
# for a negative value, an exponent sign only when negative; no commas,
# symbols, units, fractions or '+'.
DECIMAL = re.compile(r"^-?(?:\d+(?:\.\d+)?|\.\d+)(?:E-?\d+)?$")
# datetime_format.md: 'YYYY-MM-DDTHH:mm:ssZ', UTC.
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
PLACEHOLDERS = {"null", "n/a", "not applicable"}
CUSTOM = re.compile(r"^x_[A-Za-z0-9]+$")
# A value that is there but not in its column's format: not null, not usable.
BAD = object()


def iso_4217():
    """currency_format.md: ISO 4217 three-letter codes. The codes from
    Debian's iso-codes (installed by scripts/install-deps.sh); without it,
    any three capital letters."""
    try:
        with open("/usr/share/iso-codes/json/iso_4217.json") as f:
            return {c["alpha_3"] for c in json.load(f)["4217"]}
    except (OSError, ValueError, KeyError):
        return None


CURRENCIES = iso_4217()


class Report:
    def __init__(self, path, dataset, version):
        self.path, self.dataset, self.version = path, dataset, version
        self.rows = 0
        self.violations, self.warnings = [], []

    def bad(self, line, column, rule, message):
        self.violations.append({"line": line, "column": column, "rule": rule, "message": message})

    def warn(self, line, column, rule, message):
        self.warnings.append({"line": line, "column": column, "rule": rule, "message": message})


def parse_time(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")


def check_value(rep, line, col, kind, v):
    """Format of one non-null value; returns the parsed value or None."""
    if kind == "Decimal":
        if not DECIMAL.match(v):
            rep.bad(line, col, "format.decimal", "%r is not a FOCUS numeric value (numeric_format.md)" % v)
            return None
        try:
            return Decimal(v)
        except InvalidOperation:
            rep.bad(line, col, "format.decimal", "%r is not a decimal" % v)
            return None
    if kind == "DateTime":
        if not DATETIME.match(v):
            rep.bad(line, col, "format.datetime", "%r is not YYYY-MM-DDTHH:mm:ssZ (datetime_format.md)" % v)
            return None
        try:
            return parse_time(v)
        except ValueError:
            rep.bad(line, col, "format.datetime", "%r is not a valid date and time" % v)
            return None
    if kind == "Currency":
        if not re.match(r"^[A-Z]{3}$", v) or (CURRENCIES is not None and v not in CURRENCIES):
            rep.bad(line, col, "format.currency", "%r is not an ISO 4217 currency code (currency_format.md)" % v)
        return v
    if kind == "JSON":
        try:
            o = json.loads(v)
        except ValueError:
            rep.bad(line, col, "format.json", "not valid JSON (key_value_format.md)")
            return None
        if not isinstance(o, dict):
            rep.bad(line, col, "format.json", "not a JSON object (key_value_format.md)")
        return o
    return v


def check_header(rep, header, known, version):
    seen = set()
    custom_seen = None
    for i, name in enumerate(header):
        if name in seen:
            rep.bad(1, name, "header.duplicate", "column appears twice")
        seen.add(name)
        if name.startswith("x_"):
            if not CUSTOM.match(name):
                rep.bad(1, name, "header.custom-name", "a custom column is x_ then letters and digits (column_handling.md)")
            if custom_seen is None:
                custom_seen = name
        elif name in known:
            if ORDER.get(known[name][3], 0) > ORDER[version]:
                rep.bad(1, name, "header.unknown-column", "introduced in FOCUS %s, after %s" % (known[name][3], version))
            if custom_seen is not None:
                rep.warn(1, name, "header.custom-order", "FOCUS column after the custom column %s (column_handling.md: SHOULD)" % custom_seen)
        else:
            rep.bad(1, name, "header.unknown-column",
                    "not a FOCUS %s column and not prefixed x_ (column_handling.md: custom columns MUST be prefixed x_)" % version)
    for name, (level, _, _, intro) in sorted(known.items()):
        if level == M and ORDER.get(intro, 0) <= ORDER[version] and name not in seen:
            rep.bad(1, name, "header.missing-mandatory", "a mandatory column is missing (%s.md: MUST be present)" % name.lower())


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    # line numbers of each record (a quoted field may span lines)
    return rows


def record_lines(path):
    """The 1-based line on which each CSV record starts."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        text = f.read()
    lines, line, quoted, start = [], 1, False, True
    i = 0
    while i < len(text):
        ch = text[i]
        if start:
            lines.append(line)
            start = False
        if ch == '"':
            quoted = not quoted
        elif ch == "\n":
            line += 1
            if not quoted:
                start = True
        i += 1
    return lines


def load(rep, path, known):
    try:
        rows = read_csv(path)
        starts = record_lines(path)
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        rep.bad(0, "", "file.read", str(e))
        return None, []
    if not rows:
        rep.bad(1, "", "file.empty", "no header row")
        return None, []
    header = rows[0]
    out = []
    for k, r in enumerate(rows[1:], start=1):
        line = starts[k] if k < len(starts) else k + 1
        if r == []:
            continue
        if len(r) != len(header):
            rep.bad(line, "", "csv.field-count", "%d fields, the header has %d" % (len(r), len(header)))
            continue
        out.append((line, dict(zip(header, r))))
    return header, out


def typed_row(rep, line, row, known):
    """Null handling and formats of a row: returns {column: value or None}."""
    vals = {}
    for col, v in row.items():
        spec = known.get(col)
        if v.strip().lower() in PLACEHOLDERS:
            rep.bad(line, col, "null.placeholder", "%r stands for null; null_handling.md: MUST NOT use placeholder values" % v)
            vals[col] = None
            continue
        if v == "":
            vals[col] = None
            if spec and not spec[1]:
                rep.bad(line, col, "null.not-allowed", "null; %s.md: MUST NOT be null" % col.lower())
            continue
        if v.strip() == "":
            rep.bad(line, col, "null.placeholder", "only spaces (string_handling.md)")
        if spec is None:
            vals[col] = v
        else:
            t = check_value(rep, line, col, spec[2], v)
            vals[col] = BAD if t is None else t
    return vals


def allowed(rep, line, vals, table):
    for col, ok in table.items():
        v = vals.get(col)
        if isinstance(v, str) and v not in ok:
            rep.bad(line, col, "value.allowed", "%r is not one of %s (%s.md)" % (v, ", ".join(sorted(ok)), col.lower()))


def null_iff(rep, line, vals, present, dep, on, rule_text):
    """dep MUST be null when on is null and MUST NOT be null when it is not."""
    if dep not in present or on not in present:
        return
    if (vals.get(on) is None) != (vals.get(dep) is None):
        state = "null" if vals.get(on) is None else "not null"
        rep.bad(line, dep, "null.conditional", "must be %s when %s is %s (%s)" % (state, on, state, rule_text))


def must_null(rep, line, vals, present, col, cond, why):
    if col in present and cond and vals.get(col) is not None:
        rep.bad(line, col, "null.conditional", "must be null %s (%s.md)" % (why, col.lower()))


def must_not_null(rep, line, vals, present, col, cond, why):
    if col in present and cond and vals.get(col) is None:
        rep.bad(line, col, "null.conditional", "must not be null %s (%s.md)" % (why, col.lower()))


def check_cost_row(rep, line, vals, present):
    g = vals.get
    cat, correction = g("ChargeCategory"), g("ChargeClass") == "Correction"
    allowed(rep, line, vals, ALLOWED)
    sub = g("ServiceSubcategory")
    if sub is not None:
        if sub not in SUBCATEGORIES:
            rep.bad(line, "ServiceSubcategory", "value.allowed", "%r is not an allowed value (servicesubcategory.md)" % sub)
        elif g("ServiceCategory") in ALLOWED["ServiceCategory"] and SUBCATEGORIES[sub] != g("ServiceCategory"):
            rep.bad(line, "ServiceSubcategory", "value.subcategory-parent",
                    "%r belongs to %r, not %r (servicesubcategory.md)" % (sub, SUBCATEGORIES[sub], g("ServiceCategory")))
    if cat == "Purchase" and g("ChargeFrequency") == "Usage-Based":
        rep.bad(line, "ChargeFrequency", "value.frequency", "MUST NOT be Usage-Based when ChargeCategory is Purchase (chargefrequency.md)")
    # Nullability that depends on other columns (each column's requirements).
    for dep in ("BillingAccountType",):
        null_iff(rep, line, vals, present, dep, "BillingAccountId", "billingaccounttype.md")
    for dep in ("SubAccountName", "SubAccountType"):
        null_iff(rep, line, vals, present, dep, "SubAccountId", dep.lower() + ".md")
    null_iff(rep, line, vals, present, "RegionName", "RegionId", "regionname.md")
    null_iff(rep, line, vals, present, "ResourceType", "ResourceId", "resourcetype.md")
    must_null(rep, line, vals, present, "ResourceName", g("ResourceId") is None, "when ResourceId is null")
    for dep in ("CommitmentDiscountCategory", "CommitmentDiscountType"):
        null_iff(rep, line, vals, present, dep, "CommitmentDiscountId", dep.lower() + ".md")
    cd = g("CommitmentDiscountId")
    for dep in ("CommitmentDiscountName", "CommitmentDiscountStatus"):
        must_null(rep, line, vals, present, dep, cd is None, "when CommitmentDiscountId is null")
    must_not_null(rep, line, vals, present, "CommitmentDiscountStatus", cd is not None and cat == "Usage",
                  "when CommitmentDiscountId is not null and ChargeCategory is Usage")
    if "CommitmentDiscountQuantity" in present and "CommitmentDiscountId" in present:
        applies = cat in ("Usage", "Purchase") and cd is not None
        must_not_null(rep, line, vals, present, "CommitmentDiscountQuantity", applies and not correction,
                      "for a Usage or Purchase commitment discount charge")
        must_null(rep, line, vals, present, "CommitmentDiscountQuantity", not applies,
                  "unless ChargeCategory is Usage or Purchase and CommitmentDiscountId is not null")
    null_iff(rep, line, vals, present, "CommitmentDiscountUnit", "CommitmentDiscountQuantity", "commitmentdiscountunit.md")
    cr = g("CapacityReservationId")
    must_null(rep, line, vals, present, "CapacityReservationStatus", cr is None, "when CapacityReservationId is null")
    must_not_null(rep, line, vals, present, "CapacityReservationStatus", cr is not None and cat == "Usage",
                  "when CapacityReservationId is not null and ChargeCategory is Usage")
    unused = g("CommitmentDiscountStatus") == "Unused"
    must_null(rep, line, vals, present, "ConsumedQuantity", cat != "Usage" or unused,
              "when ChargeCategory is not Usage or the commitment discount is Unused")
    must_not_null(rep, line, vals, present, "ConsumedQuantity", cat == "Usage" and not unused and not correction,
                  "for Usage that is not a correction")
    null_iff(rep, line, vals, present, "ConsumedUnit", "ConsumedQuantity", "consumedunit.md")
    # Tax: null; Usage or Purchase (not a correction): not null.
    for col in ("PricingQuantity", "ListUnitPrice", "ContractedUnitPrice", "PricingCategory", "SkuId",
                "SkuPriceId", "PricingCurrencyContractedUnitPrice", "PricingCurrencyListUnitPrice"):
        must_null(rep, line, vals, present, col, cat == "Tax", "when ChargeCategory is Tax")
        must_not_null(rep, line, vals, present, col, cat in ("Usage", "Purchase") and not correction,
                      "when ChargeCategory is Usage or Purchase")
    null_iff(rep, line, vals, present, "PricingUnit", "PricingQuantity", "pricingunit.md")
    must_null(rep, line, vals, present, "SkuMeter", g("SkuId") is None, "when SkuId is null")
    must_null(rep, line, vals, present, "SkuPriceDetails", g("SkuPriceId") is None, "when SkuPriceId is null")
    for col in ("ListUnitPrice", "ContractedUnitPrice", "PricingCurrencyContractedUnitPrice",
                "PricingCurrencyListUnitPrice"):
        v = g(col)
        if isinstance(v, Decimal) and v < 0:
            rep.bad(line, col, "value.non-negative", "%s is negative; MUST be a non-negative decimal (%s.md)" % (v, col.lower()))
    # The costs: unit price x quantity (not a correction), and a credit's
    # costs equal to BilledCost (effectivecost.md, listcost.md,
    # contractedcost.md: "a charge unrelated to other charges (e.g. ...
    # Credit) MUST match the BilledCost").
    q = g("PricingQuantity")
    for cost, price in (("ListCost", "ListUnitPrice"), ("ContractedCost", "ContractedUnitPrice")):
        c, p = g(cost), g(price)
        if not correction and isinstance(c, Decimal) and isinstance(p, Decimal) and isinstance(q, Decimal) and p * q != c:
            rep.bad(line, cost, "cost.unit-price", "%s x PricingQuantity %s = %s, not %s (%s.md)" % (price, q, p * q, c, cost.lower()))
    billed = g("BilledCost")
    if cat == "Credit" and isinstance(billed, Decimal):
        for cost, price in (("EffectiveCost", None), ("ListCost", "ListUnitPrice"), ("ContractedCost", "ContractedUnitPrice")):
            c = g(cost)
            if (price is None or g(price) is None) and isinstance(c, Decimal) and c != billed:
                rep.bad(line, cost, "credit.cost-equal", "%s, BilledCost %s: a Credit's %s MUST match BilledCost (%s.md)" % (c, billed, cost, cost.lower()))
    # Periods: start before (exclusive) end; the charge period inside the billing period.
    bps, bpe, cps, cpe = g("BillingPeriodStart"), g("BillingPeriodEnd"), g("ChargePeriodStart"), g("ChargePeriodEnd")
    if isinstance(bps, datetime) and isinstance(bpe, datetime) and not bps < bpe:
        rep.bad(line, "BillingPeriodEnd", "period.order", "the exclusive end is not after the start (billingperiodend.md)")
    if isinstance(cps, datetime) and isinstance(cpe, datetime) and not cps <= cpe:
        rep.bad(line, "ChargePeriodEnd", "period.order", "the exclusive end is before the start (chargeperiodend.md)")
    if all(isinstance(x, datetime) for x in (bps, bpe, cps, cpe)) and not (bps <= cps and cpe <= bpe):
        rep.bad(line, "ChargePeriodStart", "period.within-billing", "the charge period %s..%s is not inside the billing period %s..%s"
                % (row_s(cps), row_s(cpe), row_s(bps), row_s(bpe)))


def row_s(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def check_commitment_row(rep, line, vals, present, ids):
    g = vals.get
    allowed(rep, line, vals, ALLOWED_CC)
    cid = g("ContractCommitmentId")
    if cid is not None:
        if cid in ids:
            rep.bad(line, "ContractCommitmentId", "value.unique", "%r also on line %d; MUST be unique across the dataset (contractcommitmentid.md)" % (cid, ids[cid]))
        else:
            ids[cid] = line
    if g("ContractCommitmentCost") is None and g("ContractCommitmentQuantity") is None:
        rep.bad(line, "ContractCommitmentCost", "null.conditional",
                "must not be null when ContractCommitmentQuantity is null (contractcommitmentcost.md, contractcommitmentquantity.md)")
    null_iff(rep, line, vals, present, "ContractCommitmentUnit", "ContractCommitmentQuantity", "contractcommitmentunit.md")
    must_not_null(rep, line, vals, present, "BillingCurrency", g("ContractCommitmentCategory") == "Spend",
                  "when ContractCommitmentCategory is Spend")
    if g("ContractCommitmentDescription") is None:
        rep.warn(line, "ContractCommitmentDescription", "null.should-not", "SHOULD NOT be null (contractcommitmentdescription.md)")
    for s, e, f in (("ContractCommitmentPeriodStart", "ContractCommitmentPeriodEnd", "contractcommitmentperiodend.md"),
                    ("ContractPeriodStart", "ContractPeriodEnd", "contractperiodend.md")):
        a, b = g(s), g(e)
        if isinstance(a, datetime) and isinstance(b, datetime) and not a < b:
            rep.bad(line, e, "period.order", "the exclusive end is not after the start (%s)" % f)
    a, b, c, d = (g(x) for x in ("ContractCommitmentPeriodStart", "ContractCommitmentPeriodEnd", "ContractPeriodStart", "ContractPeriodEnd"))
    if all(isinstance(x, datetime) for x in (a, b, c, d)) and not (c <= a and b <= d):
        rep.bad(line, "ContractCommitmentPeriodStart", "period.within-contract",
                "the commitment period %s..%s is not inside the contract period %s..%s" % (row_s(a), row_s(b), row_s(c), row_s(d)))


def check_file(path, dataset=None, version=None):
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            first = next(csv.reader(f), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        first = []
    if dataset is None:
        dataset = "commitment" if "ContractCommitmentId" in first and "ChargeCategory" not in first else "cost"
    if version is None:
        version = "1.3" if dataset == "commitment" or "ServiceProviderName" in first else "1.2"
    rep = Report(path, dataset, version)
    if dataset == "commitment":
        known = COLUMNS_CC
    else:
        known = dict(COLUMNS_12)
        if version == "1.3":
            known.update(COLUMNS_13_EXTRA)
    header, rows = load(rep, path, known)
    if header is None:
        return rep
    check_header(rep, header, known, version)
    present = set(header)
    ids = {}
    for line, row in rows:
        rep.rows += 1
        vals = typed_row(rep, line, row, known)
        if dataset == "commitment":
            check_commitment_row(rep, line, vals, present, ids)
        else:
            check_cost_row(rep, line, vals, present)
    return rep


def main(argv):
    version = dataset = None
    as_json = False
    files = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("--version", "--dataset") and i + 1 < len(argv):
            if a == "--version":
                version = argv[i + 1]
                if version not in ("1.0", "1.2", "1.3"):
                    print("focus_rules: --version: expected 1.0, 1.2 or 1.3", file=sys.stderr)
                    return 2
            else:
                dataset = argv[i + 1]
                if dataset not in ("cost", "commitment"):
                    print("focus_rules: --dataset: expected cost or commitment", file=sys.stderr)
                    return 2
            i += 2
            continue
        if a == "--json":
            as_json = True
        elif a.startswith("-"):
            print(__doc__.split("\n\n")[1], file=sys.stderr)
            return 2
        else:
            files.append(a)
        i += 1
    if not files:
        print("usage: focus_rules.py [--version 1.0|1.2|1.3] [--dataset cost|commitment] [--json] FILE...", file=sys.stderr)
        return 2
    reps = [check_file(f, dataset, version) for f in files]
    if as_json:
        json.dump({"files": [r.__dict__ for r in reps]}, sys.stdout, indent=1)
        print()
    else:
        for r in reps:
            for v in r.violations:
                print("%s:%d: %s: %s: %s" % (r.path, v["line"], v["column"], v["rule"], v["message"]))
            for v in r.warnings:
                print("%s:%d: %s: warning: %s: %s" % (r.path, v["line"], v["column"], v["rule"], v["message"]))
            state = "ok" if not r.violations else "%d violation%s" % (len(r.violations), "" if len(r.violations) == 1 else "s")
            print("%s: %s: %d rows (FOCUS %s %s)" % (r.path, state, r.rows, r.version, r.dataset))
    return 1 if any(r.violations for r in reps) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
