#!/bin/bash
# calendar.sh: `drawdown calendar` on the bundled example as of 2026-12-31:
# every event from that day on in date order (listed here by hand from
# examples/drawdown.yaml), --from/--to, the table, a book without an
# agreement; the refusals (a --from that is not a date, --to before
# --from, --json with --ics, --out without --ics: exit 2 naming the option;
# --out into a missing directory or over a directory: exit 1, nothing
# written, nothing left behind); and --ics: the same bytes on every run,
# written atomically by --out, and parsed back by a real iCalendar parser
# (Debian's python3-icalendar): every event there with its all-day dates,
# UIDs unique, alarms a week before the deadlines only.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
src=$(cd "${DD_SOURCE_DIR:-.}" && pwd)
b=(--book "$src/examples/drawdown.yaml" --db "$tmp/none.db")

# Every event from 2026-12-31 on. The agreement EDP-2026 runs 2026-01-01
# for 3 years: years end 2026-12-31, 2027-12-31, 2028-12-31 (commitments
# 1.2M, 1.5M, 1.8M); the window opens 9 months before the end, 2028-03-31;
# critical 60 days before: 30 days of December to 2028-12-01, 30 of
# November to 2028-11-01. EDP-SVC's tranches 2 and 3 open on their starts
# (after the previous is used up); MAP-WAVE1's unlock (June 2026) is past.
# Ties: by kind, then the book's order of credits.
expect 0 "$dd" "${b[@]}" calendar --as-of 2026-12-31 --json
cp "$tmp/out" "$tmp/cal.json"
py "$tmp/cal.json" '
want = [
    ("2026-12-31", "credit_expiry", "EDP-SVC#1", "50000"),
    ("2026-12-31", "credit_expiry", "PROMO-ACTIVATE", "15000"),
    ("2026-12-31", "credit_expiry", "SUPPORT-2026", "12000"),
    ("2026-12-31", "contract_year_end", "EDP-2026", "1200000"),
    ("2027-01-01", "credit_start", "EDP-SVC#2", "30000"),
    ("2027-01-01", "credit_start", "MAP-WAVE2", "300000"),
    ("2027-01-01", "unlock", "EDP-SVC#2", "30000"),
    ("2027-06-30", "credit_expiry", "MAP-WAVE1", "120000"),
    ("2027-12-31", "credit_expiry", "EDP-SVC#2", "30000"),
    ("2027-12-31", "credit_expiry", "MAP-WAVE2", "300000"),
    ("2027-12-31", "contract_year_end", "EDP-2026", "1500000"),
    ("2028-01-01", "credit_start", "EDP-SVC#3", "20000"),
    ("2028-01-01", "unlock", "EDP-SVC#3", "20000"),
    ("2028-03-31", "renewal_window_opens", "EDP-2026", None),
    ("2028-11-01", "renewal_critical", "EDP-2026", None),
    ("2028-12-31", "credit_expiry", "EDP-SVC#3", "20000"),
    ("2028-12-31", "contract_year_end", "EDP-2026", "1800000"),
    ("2028-12-31", "agreement_end", "EDP-2026", None),
]
got = [(e["date"], e["kind"], e["subject"], e["amount"]) for e in r["events"]]
assert got == want, "\n".join(map(str, got))
assert (r["as_of"], r["from"], r["to"], r["currency"]) == ("2026-12-31", "2026-12-31", None, "USD"), r
assert all(list(e) == ["date", "kind", "subject", "amount", "message"] for e in r["events"])
assert all(e["message"] for e in r["events"])
m = {(e["kind"], e["subject"]): e["message"] for e in r["events"]}
assert m[("unlock", "EDP-SVC#3")] == "EDP-SVC#3 (edp): tranche 3 opens, usable once EDP-SVC#2 is used up", m
'

# --from earlier shows what --as-of hides: MAP-WAVE1 unlocks 2026-06-15, kept
# by month: 2026-06-01. --to bounds the end (inclusive).
expect 0 "$dd" "${b[@]}" calendar --as-of 2026-12-31 --from 2026-06-01 --to 2026-06-30 --json
py "$tmp/out" '
got = [(e["date"], e["kind"], e["subject"]) for e in r["events"]]
assert got == [("2026-06-01", "unlock", "MAP-WAVE1"), ("2026-06-30", "credit_expiry", "GRAVITON-STAGING")], got
assert (r["from"], r["to"]) == ("2026-06-01", "2026-06-30"), r
'
expect 0 "$dd" "${b[@]}" calendar --as-of=2028-12-31 --json
py "$tmp/out" 'assert [e["kind"] for e in r["events"]] == ["credit_expiry", "contract_year_end", "agreement_end"], r'
expect 0 "$dd" "${b[@]}" calendar --as-of 2029-01-01 --json
py "$tmp/out" 'assert r["events"] == [], r'
# No --as-of: today; the command runs without a store.
d1=$(date -u +%F)
expect 0 "$dd" "${b[@]}" calendar --json
d2=$(date -u +%F)
py "$tmp/out" "assert r['from'] == r['as_of'] and r['as_of'] in ('$d1', '$d2'), r"
[ -e "$tmp/none.db" ] && fail "calendar created the store"

# The table.
expect 0 "$dd" "${b[@]}" calendar --as-of 2026-12-31 --to 2027-01-01
grep -q "^Calendar of .*drawdown.yaml from 2026-12-31 through 2027-01-01 (as of 2026-12-31, USD)" "$tmp/out" ||
	fail "table title: $(head -1 "$tmp/out")"
grep -qE '^  2026-12-31  contract_year_end +EDP-2026 +1,200,000.00  Contract year 1 of EDP-2026 ends' "$tmp/out" ||
	fail "table row: $(cat "$tmp/out")"
[ "$(grep -c '^  20' "$tmp/out")" -eq 7 ] || fail "table rows: $(cat "$tmp/out")"
expect 0 "$dd" "${b[@]}" calendar --as-of 2030-01-01
grep -q "No dated events" "$tmp/out" || fail "empty table: $(cat "$tmp/out")"

# A book without an agreement: its credits only.
cat >"$tmp/book.yaml" <<'YAML'
currency: EUR
organization:
  payer: "111111111111"
credits:
  - { id: "A;B,C", type: promotional, amount: 12.5, start: 2026-03-01, expires: 2026-09-30 }
YAML
expect 0 "$dd" --book "$tmp/book.yaml" calendar --as-of 2026-01-01 --json
py "$tmp/out" '
assert [(e["date"], e["kind"], e["amount"]) for e in r["events"]] == [
    ("2026-03-01", "credit_start", "12.5"), ("2026-09-30", "credit_expiry", "12.5")], r
assert r["currency"] == "EUR"
'

# Refusals: exit 2 naming the option, nothing on stdout.
expect 2 "$dd" "${b[@]}" calendar --from 2026-13-01
grep -q -- '--from: expected YYYY-MM-DD, got "2026-13-01"' "$tmp/err" || fail "bad --from: $(cat "$tmp/err")"
expect 2 "$dd" "${b[@]}" calendar --from tomorrow
grep -q -- '--from' "$tmp/err" || fail "bad --from: $(cat "$tmp/err")"
expect 2 "$dd" "${b[@]}" calendar --to 2026-02-30
grep -q -- '--to: expected YYYY-MM-DD' "$tmp/err" || fail "bad --to: $(cat "$tmp/err")"
expect 2 "$dd" "${b[@]}" calendar --as-of 2026-12
grep -q -- '--as-of: expected YYYY-MM-DD' "$tmp/err" || fail "bad --as-of: $(cat "$tmp/err")"
expect 2 "$dd" "${b[@]}" calendar --as-of 2026-12-31 --to 2026-12-30
grep -q -- '--to is before --from' "$tmp/err" || fail "--to before --from: $(cat "$tmp/err")"
expect 2 "$dd" "${b[@]}" calendar --json --ics
grep -q -- '--json and --ics' "$tmp/err" || fail "--json --ics: $(cat "$tmp/err")"
expect 2 "$dd" "${b[@]}" calendar --out "$tmp/x.ics"
grep -q -- '--out is for --ics' "$tmp/err" || fail "--out alone: $(cat "$tmp/err")"
[ -s "$tmp/out" ] && fail "a usage error printed on stdout"
[ -e "$tmp/x.ics" ] && fail "a usage error wrote --out"
expect 0 "$dd" calendar --help
grep -q -- '--json' "$tmp/out" && grep -q -- '--ics' "$tmp/out" || fail "--help: $(cat "$tmp/out")"
expect 1 "$dd" --book "$tmp/missing.yaml" calendar
grep -q 'missing.yaml' "$tmp/err" || fail "missing book: $(cat "$tmp/err")"

# --ics: the same bytes on every run for one --as-of; CRLF lines of at most
# 75 octets.
expect 0 "$dd" "${b[@]}" calendar --as-of 2026-12-31 --ics
cp "$tmp/out" "$tmp/a.ics"
expect 0 "$dd" "${b[@]}" calendar --as-of 2026-12-31 --ics
cmp -s "$tmp/out" "$tmp/a.ics" || fail "--ics differs between two runs"
head -c 17 "$tmp/a.ics" | grep -q $'^BEGIN:VCALENDAR\r$' || fail "--ics: $(head -2 "$tmp/a.ics")"
[ "$(grep -c $'\r$' "$tmp/a.ics")" -eq "$(wc -l <"$tmp/a.ics")" ] || fail "--ics: a line without CR"
LC_ALL=C awk '{ if (length($0) > 76) exit 1 }' "$tmp/a.ics" || fail "--ics: a line over 75 octets"
# The UIDs of another as-of date are the same events' UIDs: a subscribed
# calendar updates them (only DTSTAMP moves).
expect 0 "$dd" "${b[@]}" calendar --as-of 2026-12-30 --from 2026-12-31 --ics
diff <(grep -v '^DTSTAMP' "$tmp/out") <(grep -v '^DTSTAMP' "$tmp/a.ics") >/dev/null || fail "another --as-of changed more than DTSTAMP"
# --out: the same bytes in the file, atomically replacing what was there.
echo old >"$tmp/cal.ics"
expect 0 "$dd" "${b[@]}" calendar --as-of 2026-12-31 --ics --out "$tmp/cal.ics"
cmp -s "$tmp/cal.ics" "$tmp/a.ics" || fail "--out differs from stdout"
grep -q "^18 events written to $tmp/cal.ics" "$tmp/out" || fail "--out: $(cat "$tmp/out")"
# --out into a missing directory: exit 1 naming it, nothing created.
expect 1 "$dd" "${b[@]}" calendar --as-of 2026-12-31 --ics --out "$tmp/nodir/cal.ics"
grep -q "nodir/cal.ics" "$tmp/err" || fail "--out missing directory: $(cat "$tmp/err")"
[ -e "$tmp/nodir" ] && fail "--out created the directory"
[ -s "$tmp/out" ] && fail "--out failure printed on stdout"
# --out over a directory: exit 1, the directory as it was, no temp file left.
mkdir "$tmp/isdir"
expect 1 "$dd" "${b[@]}" calendar --as-of 2026-12-31 --ics --out "$tmp/isdir"
[ -d "$tmp/isdir" ] && [ -z "$(ls -A "$tmp/isdir")" ] || fail "--out over a directory changed it"
ls "$tmp" | grep -q '^isdir\.' && fail "--out left a temp file: $(ls "$tmp")"
ls "$tmp" | grep -q '^cal\.ics\.' && fail "--out left a temp file: $(ls "$tmp")"

# A real parser: Debian's python3-icalendar, installed for /usr/bin/python3
# (which need not be the python3 first on PATH).
PY=
for p in python3 /usr/bin/python3; do
	command -v "$p" >/dev/null && "$p" -c 'import icalendar' 2>/dev/null && { PY=$p; break; }
done
if [ -z "$PY" ]; then
	echo "SKIP: python3-icalendar is not installed (apt-get install python3-icalendar); everything but the parse passed"
	exit 0
fi
"$PY" - "$tmp/a.ics" "$tmp/cal.json" <<'PY' || fail "--ics does not parse back"
import datetime, json, sys
import icalendar
raw = open(sys.argv[1], "rb").read()
events = json.load(open(sys.argv[2]))["events"]
cal = icalendar.Calendar.from_ical(raw)
assert not cal.errors, cal.errors
assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"]), cal
vev = list(cal.walk("VEVENT"))
assert len(vev) == len(events) == 18, len(vev)
deadlines = {"credit_expiry", "renewal_window_opens", "renewal_critical", "agreement_end",
             "sla_claim_recommended", "sla_claim_deadline"}
uids = []
for v, e in zip(vev, events):
    assert not v.errors, v.errors
    start, end = v["DTSTART"].dt, v["DTEND"].dt
    # all-day: dates, not datetimes, and one day long
    assert type(start) is datetime.date and type(end) is datetime.date, (start, end)
    assert start.isoformat() == e["date"], (start, e)
    assert end - start == datetime.timedelta(days=1), (start, end)
    kind = v["CATEGORIES"].to_ical().decode()
    assert kind == e["kind"], (kind, e)
    assert str(v["UID"]).startswith(e["kind"] + "-") and str(v["UID"]).endswith("@drawdown"), v["UID"]
    assert e["subject"] in str(v["SUMMARY"]), (v["SUMMARY"], e)
    assert str(v["DESCRIPTION"]) == e["message"], (v["DESCRIPTION"], e)
    assert v["DTSTAMP"].dt == datetime.datetime(2026, 12, 31, tzinfo=datetime.timezone.utc), v["DTSTAMP"].dt
    alarms = list(v.walk("VALARM"))
    if kind in deadlines:
        assert len(alarms) == 1, (kind, alarms)
        assert alarms[0]["TRIGGER"].dt == datetime.timedelta(days=-7), alarms[0]["TRIGGER"].dt
        assert str(alarms[0]["ACTION"]) == "DISPLAY" and str(alarms[0]["DESCRIPTION"])
    else:
        assert alarms == [], (kind, alarms)
    uids.append(str(v["UID"]))
assert len(set(uids)) == len(uids), uids
assert "credit_expiry-EDP-SVC_231-20261231-111111111111@drawdown" in uids, uids
assert sum(1 for v in vev if v.walk("VALARM")) == 10
# the amount's comma comes back unescaped
s = [str(v["SUMMARY"]) for v in vev]
assert "Contract year 1 ends: EDP-2026 (1,200,000.00 USD)" in s, s
PY
# Escaped text survives the parser: the id with ';' and ','.
expect 0 "$dd" --book "$tmp/book.yaml" calendar --as-of 2026-01-01 --ics
"$PY" - "$tmp/out" <<'PY' || fail "escaped --ics does not parse back"
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
s = sorted(str(v["SUMMARY"]) for v in cal.walk("VEVENT"))
assert s == ["Credit expires: A;B,C (12.50 EUR)", "Credit starts: A;B,C (12.50 EUR)"], s
u = sorted(str(v["UID"]) for v in cal.walk("VEVENT"))
assert u == ["credit_expiry-A_3BB_2CC-20260930-111111111111@drawdown",
             "credit_start-A_3BB_2CC-20260301-111111111111@drawdown"], u
PY
echo PASS
