"""forecast_accuracy.py: the comparison table of bench/forecast_accuracy.sh.

    python3 bench/forecast_accuracy.py ETS_CSV JSON_DIR PER_SERIES_CSV K [K...]

Reads forecast::ets's results (ETS_CSV, from forecast_accuracy.R) and
drawdown's backtests (JSON_DIR/SERIES-K.json, the output of `drawdown
forecast --backtest K --json`), checks that both cover the same held-out
months with the same actuals (to the cent), and prints, per holdout K, per
group and overall: MAPE of drawdown's P50 and of ets's point forecast,
coverage of drawdown's P10-P90 and of ets's 80 % interval, series, months and
per-series wins (the lower MAPE). The per-series rows go to PER_SERIES_CSV.
Exit 1 when, for some K, drawdown's overall MAPE is worse than ets's or its
overall coverage is outside [0.70, 0.90]; 2 on bad or mismatched input.
"""
import csv
import json
import sys
from collections import OrderedDict
from decimal import Decimal, InvalidOperation

GROUPS = ("walk", "walk_step", "real")
GROUP_NAMES = {"walk": "generated walks", "walk_step": "walks with a step",
               "real": "real seasonal", "overall": "overall"}
COVER_LO, COVER_HI = 0.70, 0.90


def die(msg):
    print(f"forecast_accuracy: {msg}", file=sys.stderr)
    sys.exit(2)


def dec(s, where):
    if not isinstance(s, str):
        die(f"{where}: expected a decimal string, got {s!r}")
    try:
        return Decimal(s)
    except InvalidOperation:
        die(f"{where}: not a decimal: {s!r}")


def stats(rows):
    """rows: (actual, point, lo, hi) as floats -> (mape, coverage)."""
    n = len(rows)
    mape = sum(abs(p - a) / a for a, p, _, _ in rows) / n
    cover = sum(1 for a, _, lo, hi in rows if lo <= a <= hi) / n
    return mape, cover


def load_ets(path):
    ets = OrderedDict()  # (series, K) -> {group, model, months: [(month, actual, point, lo, hi)]}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            key = (r["series"], int(r["holdout"]))
            e = ets.setdefault(key, {"group": r["group"], "model": r["model"], "months": []})
            e["months"].append((r["month"], Decimal(r["actual"]), float(r["point"]),
                                float(r["lo80"]), float(r["hi80"])))
    return ets


def load_drawdown(path, k):
    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        die(f"{path}: {e}")
    bt = doc.get("backtest") if isinstance(doc, dict) else None
    if not isinstance(bt, dict):
        die(f"{path}: no \"backtest\" object")
    if bt.get("holdout") != k:
        die(f"{path}: holdout {bt.get('holdout')!r}, asked {k}")
    months = []
    for i, m in enumerate(bt.get("months") or []):
        w = f"{path}: months[{i}]"
        months.append((m.get("month"), dec(m.get("actual"), w + ".actual"), dec(m.get("p10"), w + ".p10"),
                       dec(m.get("p50"), w + ".p50"), dec(m.get("p90"), w + ".p90")))
    mape = bt.get("mape")
    cover = bt.get("coverage")
    return {"method": bt.get("method"), "months": months,
            "mape": None if mape is None else float(dec(mape, path + ": mape")),
            "coverage": None if cover is None else float(dec(cover, path + ": coverage"))}


def main():
    if len(sys.argv) < 5:
        die("usage: forecast_accuracy.py ETS_CSV JSON_DIR PER_SERIES_CSV K [K...]")
    ets_path, json_dir, per_series_path = sys.argv[1:4]
    ks = [int(k) for k in sys.argv[4:]]
    ets = load_ets(ets_path)
    failures = []
    per_series = []
    notes = []
    for k in ks:
        series = [s for (s, kk) in ets if kk == k]
        if not series:
            die(f"no ets results for holdout {k}")
        acc = {g: {"dd": [], "ets": [], "n": 0, "wins": [0, 0, 0]} for g in GROUPS + ("overall",)}
        methods = set()
        for s in series:
            e = ets[(s, k)]
            d = load_drawdown(f"{json_dir}/{s}-{k}.json", k)
            methods.add(d["method"])
            em = [m for m, *_ in e["months"]]
            dm = [m for m, *_ in d["months"]]
            if em != dm:
                die(f"{s}, holdout {k}: drawdown held out {dm}, ets {em}")
            for (m, ea, *_), (_, da, *_) in zip(e["months"], d["months"]):
                if ea != da:
                    die(f"{s} {m}: actual {da} in drawdown, {ea} in the series")
            dd_rows = [(float(a), float(p50), float(p10), float(p90)) for _, a, p10, p50, p90 in d["months"]]
            ets_rows = [(float(a), p, lo, hi) for _, a, p, lo, hi in e["months"]]
            dm_, dc_ = stats(dd_rows)
            em_, ec_ = stats(ets_rows)
            if d["mape"] is not None and abs(d["mape"] - dm_) > 5e-5 * max(1.0, dm_):
                notes.append(f"{s}-{k}: drawdown reports mape {d['mape']:.6f}, its months give {dm_:.6f}")
            if d["coverage"] is not None and abs(d["coverage"] - dc_) > 5e-5:
                notes.append(f"{s}-{k}: drawdown reports coverage {d['coverage']:.6f}, its months give {dc_:.6f}")
            win = 0 if dm_ < em_ else 1 if em_ < dm_ else 2
            for g in (e["group"], "overall"):
                a = acc[g]
                a["dd"] += dd_rows
                a["ets"] += ets_rows
                a["n"] += 1
                a["wins"][win] += 1
            per_series.append([k, s, e["group"], len(dd_rows), d["method"], e["model"],
                               f"{dm_:.6f}", f"{em_:.6f}", f"{dc_:.4f}", f"{ec_:.4f}",
                               ("drawdown", "ets", "tie")[win]])
        method = ", ".join(sorted(str(m) for m in methods))
        print(f"Holdout {k} months (drawdown method: {method}): drawdown P50 and P10-P90 "
              f"against forecast::ets's point forecast and 80 % interval")
        print()
        hdr = ("GROUP", "SERIES", "MONTHS", "MAPE DD", "MAPE ETS", "COVER DD", "COVER ETS", "WINS DD:ETS")
        fmt = "  {:<18} {:>6} {:>6} {:>8} {:>8} {:>9} {:>9} {:>11}"
        print(fmt.format(*hdr))
        for g in GROUPS + ("overall",):
            a = acc[g]
            if a["n"] == 0:
                continue
            dm_, dc_ = stats(a["dd"])
            em_, ec_ = stats(a["ets"])
            wins = f"{a['wins'][0]}:{a['wins'][1]}" + (f" ({a['wins'][2]} tied)" if a["wins"][2] else "")
            if g == "overall":
                print(fmt.format(*("-" * 18, "-" * 6, "-" * 6, "-" * 8, "-" * 8, "-" * 9, "-" * 9, "-" * 11)))
            print(fmt.format(GROUP_NAMES[g], a["n"], len(a["dd"]), f"{100 * dm_:.2f}%", f"{100 * em_:.2f}%",
                             f"{100 * dc_:.1f}%", f"{100 * ec_:.1f}%", wins))
            if g == "overall":
                if dm_ > em_:
                    failures.append(f"holdout {k}: drawdown's MAPE {100 * dm_:.2f}% is worse than ets's {100 * em_:.2f}%")
                if not COVER_LO <= dc_ <= COVER_HI:
                    failures.append(f"holdout {k}: drawdown's P10-P90 coverage {100 * dc_:.1f}% is outside "
                                    f"[{100 * COVER_LO:.0f}%, {100 * COVER_HI:.0f}%]")
        print()
    with open(per_series_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["holdout", "series", "group", "months", "method_drawdown", "model_ets", "mape_drawdown",
                    "mape_ets", "coverage_drawdown", "coverage_ets", "winner"])
        w.writerows(per_series)
    for n in notes:
        print(f"note: {n}", file=sys.stderr)
    for f_ in failures:
        print(f"FAIL: {f_}")
    if not failures:
        print("ok: drawdown's MAPE is no worse than ets's and its P10-P90 band holds 70-90 % of the actuals")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
