#!/bin/bash
# report.sh: `drawdown report --html` without a browser (report_browser.sh
# renders it): on the bundled example, the page read back with Python's
# html.parser has the charts asked for and no others, nothing that points
# outside the page, and table cells equal to bill (every month), balance,
# commitment and calendar --json rounded half-even to the cent by Python;
# --month cuts the months; with --forecast each credit's band agrees with
# forecast --json; the refusals exit 2 or 1 and write nothing, and a
# failed report leaves the file there before untouched.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
root=$(cd "${DD_SOURCE_DIR:-.}" && pwd)
export DRAWDOWN_BOOK=$root/examples/drawdown.yaml DRAWDOWN_DB=$tmp/e.db
"$dd" import "$root/examples/charges.csv" >/dev/null || fail "import the example"

"$dd" report --html "$tmp/r.html" >"$tmp/out" 2>"$tmp/err" || fail "report: $(cat "$tmp/err")"
grep -q "^report for 2026-12 written to $tmp/r.html ([0-9]* bytes)$" "$tmp/out" || fail "message: $(cat "$tmp/out")"
"$dd" report --html "$tmp/r6.html" --month 2026-06 >/dev/null || fail "report --month"
for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
	"$dd" bill --month 2026-$m --json >"$tmp/bill-$m.json" || fail "bill 2026-$m"
done
"$dd" balance --json >"$tmp/balance.json" && "$dd" balance --month 2026-06 --json >"$tmp/balance6.json" || fail "balance"
"$dd" commitment --json >"$tmp/commitment.json" || fail "commitment"
"$dd" calendar --as-of 2026-12-31 --from 2027-01-01 --json >"$tmp/calendar.json" || fail "calendar"

python3 - "$tmp" <<'PY' || fail "the page against --json"
import json, re, sys
from decimal import Decimal, ROUND_HALF_EVEN
from html.parser import HTMLParser
tmp = sys.argv[1]

class Page(HTMLParser):
    """The charts, and every table's cells by (table, row key, field)."""
    def __init__(self):
        super().__init__()
        self.charts, self.cells, self.rows = [], {}, {}
        self.table = self.row = self.field = None
        self.text = ""
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg" and "data-chart" in a:
            self.charts.append(a["data-chart"])
        if tag == "table":
            self.table = a.get("data-table")
        if tag == "tr" and self.table:
            key = [v for k, v in attrs if k.startswith("data-")]
            self.row = key[0] if key else None
            self.rows.setdefault(self.table, []).append(self.row)
        if tag == "td" and "data-f" in a:
            self.field, self.text = a["data-f"], ""
    def handle_data(self, d):
        if self.field:
            self.text += d
    def handle_endtag(self, tag):
        if tag == "td" and self.field:
            self.cells[(self.table, self.row, self.field)] = self.text.strip()
            self.field = None
        if tag == "table":
            self.table = None

def load(name):
    html = open("%s/%s" % (tmp, name), encoding="utf-8").read()
    for bad in ("http:", "https:", "//", "@import", "url(", "<script", " src=", "<link"):
        assert bad not in html, bad
    assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', html))
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">') and "@media print" in html
    p = Page()
    p.feed(html)
    return p

def cents(s):
    return "{:,.2f}".format(Decimal(s).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN))

p = load("r.html")
assert p.charts == ["balance", "waterfall", "commitment", "leakage"], p.charts
n = 0
for m in range(1, 13):
    t = json.load(open("%s/bill-%02d.json" % (tmp, m)))["totals"]
    for f in ("gross", "credits_before_discount", "discount", "credits_after_discount", "support_fee",
              "support_credits", "tax", "shortfall", "payable"):
        assert p.cells[("waterfall", "2026-%02d" % m, f)] == cents(t[f]), (m, f)
        n += 1
assert p.rows["waterfall"][1:] == ["2026-%02d" % m for m in range(1, 13)]
b = json.load(open(tmp + "/balance.json"))["credits"]
for c in b:
    for f in ("initial", "consumed", "remaining", "expired"):
        assert p.cells[("balance", c["id"], f)] == cents(c[f]), (c["id"], f)
        n += 1
    assert p.cells[("balance", c["id"], "status")] == c["status"]
# the total row, summed here
assert p.cells[("balance", "", "remaining")] == cents(sum(Decimal(c["remaining"]) for c in b))
# each month's remaining: December's is balance's
for c in b:
    assert p.cells[("balance-months", c["id"], "2026-12")] == cents(c["remaining"])
leak = {}
for c in b:
    leak[c["type"]] = leak.get(c["type"], Decimal(0)) + Decimal(c["expired"])
assert sorted(r for r in p.rows["leakage"] if r) == sorted(k for k, v in leak.items() if v > 0)
for k, v in leak.items():
    if v > 0:
        assert p.cells[("leakage", k, "expired")] == cents(v)
for y in json.load(open(tmp + "/commitment.json"))["years"]:
    for f in ("commitment", "counted", "carried_in", "shortfall"):
        assert p.cells[("commitment", str(y["year"]), f)] == cents(y[f]), (y, f)
        n += 1
ev = json.load(open(tmp + "/calendar.json"))["events"]
assert len([r for r in p.rows["calendar"] if r]) == len(ev) > 0
p6 = load("r6.html")
assert p6.rows["waterfall"][1:] == ["2026-%02d" % m for m in range(1, 7)]
for c in json.load(open(tmp + "/balance6.json"))["credits"]:
    assert p6.cells[("balance", c["id"], "remaining")] == cents(c["remaining"])
    assert p6.cells[("balance", c["id"], "status")] == c["status"]
print("report: %d cells equal to --json" % n)
PY

# With --forecast, each credit's band ahead against forecast --json (same
# paths and seed): where half the paths have used a credit up by month M
# (exhausted_month.p50), its P50 balance is 0 from M on and above 0 before M;
# the table covers min(12, months) months; the forecast chart's cells equal
# the JSON's bands.
"$dd" report --html "$tmp/f.html" --forecast --paths 200 >/dev/null || fail "report --forecast"
"$dd" forecast --paths 200 --json >"$tmp/forecast.json" || fail "forecast"
python3 - "$tmp" <<'PY' || fail "the forecast's bands against forecast --json"
import json, re, sys
from decimal import Decimal, ROUND_HALF_EVEN
tmp = sys.argv[1]
html = open(tmp + "/f.html", encoding="utf-8").read()
fc = json.load(open(tmp + "/forecast.json"))
def cents(s):
    return "{:,.2f}".format(Decimal(s).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN))
def row(table, attrs):
    t = html[html.index('<table data-table="%s">' % table):]
    t = t[:t.index("</table>")]
    m = re.search(r'<tr %s>(.*?)</tr>' % re.escape(attrs), t)
    assert m, (table, attrs)
    return dict(re.findall(r'data-f="([a-z0-9_]+)">([^<]*)</td>', m.group(1)))
months = [m["month"] for m in fc["months"]][:12]
seen = 0
for c in fc["credits"]:
    if Decimal(c["remaining"]) <= 0:
        assert 'data-credit="%s" data-month=' % c["id"] not in html, c["id"]
        continue
    ex = c["exhausted_month"]["p50"]
    for m in months:
        p50 = row("balance-forecast-credits", 'data-credit="%s" data-month="%s"' % (c["id"], m))["p50"]
        if ex is not None and m >= ex:
            assert p50 == "0.00", (c["id"], m, p50)
        elif ex is not None:
            assert p50 != "0.00", (c["id"], m, p50)
        seen += 1
assert seen > 0
for m in fc["months"]:
    r = row("forecast", 'data-month="%s"' % m["month"])
    for q in ("p10", "p50", "p90"):
        assert r["payable_" + q] == cents(m["payable"][q]), (m["month"], q)
    assert r["credits_p50"] == cents(m["credits"]["p50"]) and r["counted_p50"] == cents(m["counted"]["p50"])
print("report --forecast: %d credit-months and %d forecast months checked" % (seen, len(fc["months"])))
PY

# Refusals: usage errors exit 2, failures 1; neither writes anything.
expect 2 "$dd" report
grep -q "report: --html FILE is required" "$tmp/err" || fail "no --html: $(cat "$tmp/err")"
expect 2 "$dd" report --html "$tmp/x.html" --offers
expect 2 "$dd" report --html "$tmp/x.html" "$root/examples/drawdown.yaml"
expect 2 "$dd" report --html "$tmp/x.html" --month 2026-13
expect 2 "$dd" report --html "$tmp/x.html" --paths 0 --forecast
expect 2 "$dd" report --html ""
expect 1 "$dd" report --html "$tmp/x.html" --month 2025-12
expect 1 "$dd" --db "$tmp/none.db" report --html "$tmp/x.html"
printf 'offer: { name: "bad" }\nagreement: { id: X, start: 2027-01-01, years: 0, commitment: 1, discount_percent: 1 }\n' >"$tmp/bad.yaml"
expect 1 "$dd" report --html "$tmp/x.html" --offers "$tmp/bad.yaml"
grep -q "bad.yaml:2:" "$tmp/err" || fail "a bad offer's problem at its line: $(cat "$tmp/err")"
expect 1 "$dd" report --html "$tmp/no/such/dir/x.html"
[ ! -e "$tmp/x.html" ] || fail "a refused report wrote a file"
cp "$tmp/r.html" "$tmp/before.html"
expect 1 "$dd" report --html "$tmp/r.html" --month 2031-01
cmp -s "$tmp/r.html" "$tmp/before.html" || fail "a failed report changed the file there before"
ls "$tmp" | grep -q '\.html\.' && fail "a temporary file was left: $(ls "$tmp")"
exit 0
