#!/usr/bin/env python3
"""Independent totals for tests/test_ingest_real.c: Python's decimal module
over the same files via the csv module (no code shared with drawdown).
Per provider and line item type: rows and the sum of the unblended cost
(CUR / CUR 2.0) or BilledCost (FOCUS), "" and "NULL" counting as 0; for
CUR 2.0 also the effective total (reservation_effective_cost for
DiscountedUsage, the unblended cost otherwise).
A .zip counts as its file members, each read as a CSV, in name order.
Run: python3 tests/data/ingest/independent_totals.py FILE..."""
import collections, csv, gzip, io, sys, zipfile
from decimal import Decimal as D

def dec(s):
    return D(0) if s in ('', 'NULL') else D(s)

def texts(path):
    if path.endswith('.zip'):
        z = zipfile.ZipFile(path)
        for m in sorted(n for n in z.namelist() if not n.endswith('/') and not n.startswith('__MACOSX/')):
            yield '%s: %s' % (path, m), io.TextIOWrapper(z.open(m), encoding='utf-8-sig', newline='')
    else:
        op = gzip.open if path.endswith('.gz') else open
        yield path, op(path, 'rt', newline='', encoding='utf-8-sig')

for path, f in (t for p in sys.argv[1:] for t in texts(p)):
    with f:
        r = csv.DictReader(f)
        h = r.fieldnames
        if 'line_item_unblended_cost' in h: amt, typ, prov = 'line_item_unblended_cost', 'line_item_line_item_type', None
        elif 'lineItem/UnblendedCost' in h: amt, typ, prov = 'lineItem/UnblendedCost', 'lineItem/LineItemType', None
        else: amt, typ, prov = 'BilledCost', 'ChargeCategory', 'ProviderName'
        tot = collections.defaultdict(D); cnt = collections.Counter(); eff = D(0)
        for row in r:
            p = row.get(prov) if prov else 'AWS'
            key = (p if p.upper() not in ('AWS', 'AMAZON WEB SERVICES') else 'AWS', row.get(typ, 'Usage'))
            tot[key] += dec(row[amt]); cnt[key] += 1
            if typ == 'line_item_line_item_type':
                eff += dec(row['reservation_effective_cost']) if key[1] == 'DiscountedUsage' else dec(row[amt])
        print(path, 'AWS total', sum(v for k, v in tot.items() if k[0] == 'AWS'), 'effective', eff)
        for k in sorted(tot):
            print('  ', k, cnt[k], tot[k])
