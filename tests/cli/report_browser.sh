#!/bin/bash
# report_browser.sh: `drawdown report --html` on the bundled example, opened
# in headless Debian Chromium (python3-selenium + chromium-driver): fails on
# any console error, on a chart that is missing or empty (each data-chart
# <svg> with drawn children and a non-zero box), on any external reference
# (a static scan of the page, and the browser's resource timing entries must
# be empty), and on a table cell that differs from the verbs' --json
# (bill, balance, commitment, forecast, offers compare, calendar), the
# expected text worked out here from the JSON, rounded half-even to the cent;
# the print style sheet (no navigation, charts drawn, tables whole; a PDF).
# Saves screenshots (wide and 420 px); DD_REPORT_PNG=FILE keeps the wide one
# (docs/report.png is made that way).
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
root=$(cd "${DD_SOURCE_DIR:-.}" && pwd)

# Debian's selenium is in the system Python, which may not be the first python3.
pyb=
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null && "$p" -c "import selenium" 2>/dev/null; then pyb=$p; break; fi
done
driver=$(command -v chromedriver || echo /usr/bin/chromedriver)
if ! command -v chromium >/dev/null || [ ! -x "$driver" ] || [ -z "$pyb" ]; then
	echo "SKIP: needs chromium, chromium-driver and python3-selenium (scripts/install-deps.sh installs them)"
	exit 0
fi

export DRAWDOWN_BOOK=$root/examples/drawdown.yaml DRAWDOWN_DB=$tmp/e.db
"$dd" import "$root/examples/charges.csv" >/dev/null || fail "import the example"

# The example's two offers: as signed, and a lower commitment for a smaller discount.
signed=$root/examples/offer-signed.yaml lower=$root/examples/offer-lower.yaml

"$dd" report --html "$tmp/report.html" --forecast --offers "$signed" "$lower" \
	>"$tmp/out" 2>"$tmp/err" || fail "report: $(cat "$tmp/err")"
grep -q "written to $tmp/report.html" "$tmp/out" || fail "report's message: $(cat "$tmp/out")"
for m in 2026-01 2026-06 2026-12; do
	"$dd" bill --month $m --json >"$tmp/bill-$m.json" || fail "bill $m"
done
"$dd" balance --json >"$tmp/balance.json" || fail "balance"
"$dd" commitment --json >"$tmp/commitment.json" || fail "commitment"
"$dd" forecast --json >"$tmp/forecast.json" || fail "forecast"
"$dd" offers compare "$signed" "$lower" --json >"$tmp/offers.json" || fail "offers"
"$dd" calendar --as-of 2026-12-31 --from 2027-01-01 --json >"$tmp/calendar.json" || fail "calendar"

# A failed report changes nothing: the page written before stays byte for byte.
cp "$tmp/report.html" "$tmp/before.html"
expect 1 "$dd" report --html "$tmp/report.html" --month 2031-01
cmp -s "$tmp/report.html" "$tmp/before.html" || fail "a failed report changed the file"
expect 2 "$dd" report --month 2026-12
expect 2 "$dd" report --html "$tmp/x.html" --offers
expect 2 "$dd" report --html "$tmp/x.html" "$signed"
[ ! -e "$tmp/x.html" ] || fail "a refused report wrote a file"

png=${DD_REPORT_PNG:-$tmp/report.png}
"$pyb" - "$tmp" "$driver" "$png" <<'PY' || fail "browser checks"
import json, re, sys
from decimal import Decimal, ROUND_HALF_EVEN
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

tmp, driver, png = sys.argv[1:4]
page = tmp + "/report.html"
html = open(page, encoding="utf-8").read()

# static scan: nothing in the page may point outside it
for bad in ("http:", "https:", "//", "@import", "url(", "<script", " src=", "<link", "<img", "<iframe", "<object"):
    assert bad not in html, "external reference or script in the page: %r" % bad
for href in re.findall(r'href="([^"]*)"', html):
    assert href.startswith("#"), "a link out of the page: %s" % href

def cents(s):
    d = Decimal(s).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    return "{:,.2f}".format(d)

o = webdriver.ChromeOptions()
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
          "--window-size=1100,900", "--force-device-scale-factor=1"):
    o.add_argument(a)
o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
d = webdriver.Chrome(service=Service(driver), options=o)
try:
    d.get("file://" + page)
    assert d.title.startswith("drawdown report: payer 111111111111"), d.title
    assert d.execute_script("return document.documentElement.lang") == "en"

    charts = ("balance", "waterfall", "commitment", "leakage", "forecast", "offers")
    for c in charts:
        svgs = d.find_elements(By.CSS_SELECTOR, 'svg[data-chart="%s"]' % c)
        assert len(svgs) == 1, "chart %s: %d svg elements" % (c, len(svgs))
        info = d.execute_script("""
            var s = arguments[0], r = s.getBoundingClientRect(), n = 0, big = 0;
            s.querySelectorAll('rect,line,path,polyline,polygon,circle,text').forEach(function (e) {
                n++; var b = e.getBBox(); if (b.width > 0 || b.height > 0) big++;
            });
            return {w: r.width, h: r.height, n: n, big: big, vb: s.getAttribute('viewBox')};""", svgs[0])
        assert info["w"] > 0 and info["h"] > 0, "chart %s has an empty box: %s" % (c, info)
        assert info["n"] >= 10 and info["big"] >= 10, "chart %s draws almost nothing: %s" % (c, info)
        assert info["vb"], "chart %s has no viewBox" % c
        # a legend and the table behind it
        assert d.execute_script("return arguments[0].querySelector('title') !== null", svgs[0]), c
    res = d.execute_script("return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
    assert res == [], "the page loaded resources: %s" % res

    def cell(table, key_attr, key, field):
        el = d.find_elements(By.CSS_SELECTOR, 'table[data-table="%s"] tr[%s="%s"] td[data-f="%s"]' % (table, key_attr, key, field))
        assert len(el) == 1, "no single cell %s %s=%s %s" % (table, key_attr, key, field)
        return el[0].text.strip()

    checked = 0
    def same(table, key_attr, key, field, want):
        global checked
        got = cell(table, key_attr, key, field)
        assert got == want, "%s %s=%s %s: page %r, --json %r" % (table, key_attr, key, field, got, want)
        checked += 1

    for m in ("2026-01", "2026-06", "2026-12"):
        t = json.load(open("%s/bill-%s.json" % (tmp, m)))["totals"]
        for f in ("gross", "credits_before_discount", "discount", "credits_after_discount", "support_fee",
                  "support_credits", "tax", "shortfall", "payable"):
            same("waterfall", "data-month", m, f, cents(t[f]))
    b = json.load(open(tmp + "/balance.json"))
    for c in b["credits"]:
        for f in ("initial", "consumed", "remaining", "expired"):
            same("balance", "data-credit", c["id"], f, cents(c[f]))
        same("balance", "data-credit", c["id"], "status", c["status"])
    leak = {}
    for c in b["credits"]:
        leak[c["type"]] = leak.get(c["type"], Decimal(0)) + Decimal(c["expired"])
    for k, v in leak.items():
        if v > 0:
            same("leakage", "data-type", k, "expired", cents(v))
    cm = json.load(open(tmp + "/commitment.json"))
    for y in cm["years"]:
        for f in ("commitment", "counted", "carried_in", "shortfall"):
            same("commitment", "data-year", str(y["year"]), f, cents(y[f]))
    fc = json.load(open(tmp + "/forecast.json"))
    assert len(fc["months"]) == 36
    for mo in fc["months"]:
        for q in ("p10", "p50", "p90"):
            same("forecast", "data-month", mo["month"], "payable_" + q, cents(mo["payable"][q]))
        same("forecast", "data-month", mo["month"], "gross_p50", cents(mo["gross"]["p50"]))
    of = json.load(open(tmp + "/offers.json"))
    for i, x in enumerate(of["offers"]):
        same("offers", "data-offer", str(i), "npv", cents(x["npv"]["mean"]))
        same("offers", "data-offer", str(i), "leakage", cents(x["leakage"]["mean"]))
        same("offers", "data-offer", str(i), "shortfall", cents(x["shortfall"]["mean"]))
        same("offers", "data-offer", str(i), "name", x["name"])
    ev = json.load(open(tmp + "/calendar.json"))["events"]
    rows = d.find_elements(By.CSS_SELECTOR, 'table[data-table="calendar"] tbody tr')
    assert len(rows) == len(ev) > 0, (len(rows), len(ev))
    for r, e in zip(rows, ev):
        got = [r.find_element(By.CSS_SELECTOR, 'td[data-f="%s"]' % f).text.strip() for f in ("date", "subject", "amount")]
        want = [e["date"], e["subject"], cents(e["amount"]) if e["amount"] is not None else ""]
        assert got == want, (got, want)
        checked += 1

    # the headline figures
    hd = {e.get_attribute("data-f"): e.text for e in d.find_elements(By.CSS_SELECTOR, "dl.kf dd")}
    t12 = json.load(open(tmp + "/bill-2026-12.json"))["totals"]
    assert hd["payable"] == cents(t12["payable"]), hd
    assert hd["remaining"] == cents(sum(Decimal(c["remaining"]) for c in b["credits"])), hd

    logs = d.get_log("browser")
    errors = [l for l in logs if l.get("level") in ("SEVERE", "ERROR")]
    assert not errors, "console errors: %s" % errors

    # the print style sheet: no navigation, every chart still drawn, tables not cut to a scroll box; and a PDF
    d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert d.execute_script("return getComputedStyle(document.querySelector('nav')).display") == "none"
    assert d.execute_script("return getComputedStyle(document.querySelector('.tbl')).overflowX") == "visible"
    for c in charts:
        r = d.execute_script("var r = document.querySelector('svg[data-chart=\"%s\"]').getBoundingClientRect();"
                             "return [r.width, r.height]" % c)
        assert r[0] > 0 and r[1] > 0, ("print", c, r)
    d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    import base64
    pdf = base64.b64decode(d.print_page())
    assert pdf.startswith(b"%PDF") and len(pdf) > 10000, len(pdf)

    # the whole page, wide, then a narrow window (a phone): nothing wider than the window but the scrolling boxes
    h = d.execute_script("return document.documentElement.scrollHeight")
    d.set_window_size(1100, h + 100)
    d.save_screenshot(png)
    # (headless windows are at least 500 px wide: a phone's 420 px is emulated)
    narrow = lambda h: d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                         {"width": 420, "height": h, "deviceScaleFactor": 1, "mobile": True})
    narrow(900)
    wide = d.execute_script("return [window.innerWidth, document.documentElement.scrollWidth]")
    assert wide == [420, 420], "the page is %d px wide in a %d px window" % (wide[1], wide[0])
    h = d.execute_script("return document.documentElement.scrollHeight")
    d.set_window_size(500, h + 100)
    narrow(h + 100)
    d.save_screenshot(tmp + "/narrow.png")
    errors = [l for l in d.get_log("browser") if l.get("level") in ("SEVERE", "ERROR")]
    assert not errors, "console errors (print, narrow): %s" % errors
    print("browser: 6 charts drawn, no resources, no console errors, %d cells equal to --json" % checked)
finally:
    d.quit()
PY
[ -s "$png" ] || fail "no screenshot"
head -c 8 "$png" | od -An -c | grep -q "P   N   G" || fail "the screenshot is not a PNG"
exit 0
