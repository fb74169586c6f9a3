#!/usr/bin/env python3
"""Writes the zip test files of tests/test_ingest.c (and copies for the CSV
fuzz corpus), byte for byte the same on every run (fixed timestamps), except
bad/encrypted.zip, which needs `zip -P` (Python cannot encrypt) and is only
made when missing. Every figure the tests expect is in the CSV text below.
Run from the repository root: python3 tests/data/ingest/make_zips.py"""
import gzip, io, os, shutil, struct, subprocess, tempfile, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, '..', '..', '..', 'fuzzers', 'corpus', 'csv')
HDR = 'billing_period,payer_account,usage_account,service,charge_type,billing_entity,amount\n'
WHEN = (2024, 5, 1, 12, 0, 0)


def build(members):
    """members: (name, bytes or None for a directory, compress_type)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w') as z:
        for name, data, how in members:
            info = zipfile.ZipInfo(name, WHEN)
            if data is None:
                info.external_attr = 0o40755 << 16
                z.writestr(info, b'')
            else:
                info.compress_type = how
                info.external_attr = 0o644 << 16
                z.writestr(info, data)
    return buf.getvalue()


def put(rel, data):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)


D, S = zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED

# The good archive, members stored out of name order: imported as a.csv,
# b.csv, commitment.csv, sub/c.csv. a.csv 1.5 + 2.25; b.csv (BOM, CRLF)
# 10 + 0.125 tax; sub/c.csv (legacy CUR, stored) 0.5 + -0.25 credit;
# commitment.csv is a FOCUS contract commitment dataset (ignored);
# __MACOSX/ and the directory entry are left out.
a = (HDR + '2024-03,111,222,AmazonEC2,Usage,AWS,1.5\n'
     '2024-03,111,333,AmazonS3,Usage,AWS,2.25\n').encode()
b = ('\ufeff' + HDR + '2024-04,111,222,AmazonEC2,Usage,AWS,10\r\n'
     '2024-04,111,222,AmazonEC2,Tax,AWS,0.125\r\n').encode()
c = ('bill/BillingPeriodStartDate,bill/PayerAccountId,lineItem/UsageAccountId,lineItem/LineItemType,'
     'lineItem/ProductCode,lineItem/UnblendedCost\n'
     '2024-03-01T00:00:00Z,111,444,Usage,AmazonRDS,0.5\n'
     '2024-03-01T00:00:00Z,111,444,Credit,AmazonRDS,-0.25\n').encode()
commitment = b'ContractCommitmentId,ContractCommitmentCost,BillingCurrency\nCC-1,1000,USD\n'
appledouble = b'\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ' + bytes(50)
members = build([('sub/', None, S), ('sub/c.csv', c, S), ('b.csv', b, D), ('__MACOSX/', None, S),
                 ('__MACOSX/._a.csv', appledouble, D), ('commitment.csv', commitment, D), ('a.csv', a, D)])
put('zip/members.zip', members)

# For the directory test: dir/sub/d.csv.zip, one member, 0.5.
put('dir/sub/d.csv.zip', build([('d.csv', (HDR + '2024-03,111,222,AmazonEC2,Usage,AWS,0.5\n').encode(), D)]))

# Bad archives.
good = build([('a.csv', a * 20, D)])
put('bad/truncated.zip', good[:len(good) // 2])
put('bad/empty.zip', build([]))
put('bad/dirs_only.zip', build([('reports/', None, S), ('reports/2024/', None, S)]))
# member contents that are not CSV: binary garbage; a gzip file
put('bad/garbage_member.zip', build([('garbage.csv', bytes(range(256)) * 4, D)]))
put('bad/nested_gz.zip', build([('report.csv.gz', gzip.compress(a, mtime=0), S)]))
# both members bad: the first in name order (a_bad.csv, stored second) is
# named, on its line 3, column 7
bad_val = (HDR + '2024-03,111,222,AmazonEC2,Usage,AWS,1\n2024-03,111,222,AmazonEC2,Usage,AWS,1.2.3\n').encode()
put('bad/bad_value.zip', build([('b_bad.csv', bad_val, D), ('a_bad.csv', bad_val, D)]))
# a stored member whose method fields (local header offset 8, central
# directory offset 10) say Deflate64 (9), which libzip does not implement
z = bytearray(build([('big.csv', a, S)]))
z[8:10] = struct.pack('<H', 9)
cd = z.rindex(b'PK\x01\x02')
z[cd + 10:cd + 12] = struct.pack('<H', 9)
put('bad/deflate64.zip', bytes(z))
# deflated data with a byte flipped in the middle: libzip's zlib or CRC error
z = bytearray(build([('a.csv', a * 20, D)]))
z[30 + len('a.csv') + 40] ^= 0xff
put('bad/corrupt_member.zip', bytes(z))

enc = os.path.join(HERE, 'bad', 'encrypted.zip')
if not os.path.exists(enc):
    with tempfile.TemporaryDirectory() as t:
        with open(os.path.join(t, 'secret.csv'), 'wb') as f:
            f.write(a)
        subprocess.run(['zip', '-q', '-X', '-P', 'hunter2', os.path.join(t, 'e.zip'), 'secret.csv'], cwd=t, check=True)
        shutil.copy(os.path.join(t, 'e.zip'), enc)

# Fuzz corpus: the good archives as seeds, the bad ones as bad_*.
for rel, dst in [('zip/members.zip', 'zip_members.zip'), ('dir/sub/d.csv.zip', 'zip_one_member.zip')] + [
        ('bad/%s.zip' % n, 'bad_zip_%s.zip' % n) for n in
        ('truncated', 'empty', 'dirs_only', 'garbage_member', 'nested_gz', 'bad_value', 'deflate64',
         'corrupt_member', 'encrypted')]:
    shutil.copy(os.path.join(HERE, rel), os.path.join(CORPUS, dst))
