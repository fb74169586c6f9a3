#!/usr/bin/env python3
"""gen.py: writes the small Parquet files test_parquet.c reads, without pyarrow.

An independent, minimal Parquet *writer* (Thrift compact encoder, PLAIN /
dictionary / RLE / DELTA_* / BYTE_STREAM_SPLIT encoders, gzip via zlib, zstd
and snappy via ctypes on the system libraries) so the C reader is checked
against bytes it did not produce. Run from this directory: python3 gen.py
The expected texts live in test_parquet.c, worked out by hand there.
"""
import ctypes
import struct
import zlib

# ---- Thrift compact protocol ------------------------------------------------

I32, I64, BIN, LIST, STRUCT, TRUE, FALSE = 5, 6, 8, 9, 12, 1, 2


def uvarint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def zigzag(n):
    return (n << 1) ^ (n >> 63)


def tstruct(fields):
    """fields: list of (id, type, value); value per type: int, bytes, list, struct."""
    out = bytearray()
    last = 0
    for fid, typ, val in sorted(fields, key=lambda f: f[0]):
        if typ == 'bool':
            typ = TRUE if val else FALSE
        delta = fid - last
        if 0 < delta <= 15:
            out.append((delta << 4) | typ)
        else:
            out.append(typ)
            out += uvarint(zigzag(fid))
        last = fid
        out += tvalue(typ, val)
    out.append(0)
    return bytes(out)


def tvalue(typ, val):
    if typ in (I32, I64):
        return uvarint(zigzag(val))
    if typ == BIN:
        val = val.encode() if isinstance(val, str) else val
        return uvarint(len(val)) + val
    if typ == STRUCT:
        return tstruct(val)
    if typ in (TRUE, FALSE):
        return b''
    if typ == LIST:
        etype, items = val
        n = len(items)
        head = bytes([(n << 4) | etype]) if n < 15 else bytes([0xF0 | etype]) + uvarint(n)
        return head + b''.join(tvalue(etype, v) for v in items)
    raise ValueError(typ)


# ---- codecs -------------------------------------------------------------------

_zstd = ctypes.CDLL('libzstd.so.1')
_zstd.ZSTD_compressBound.restype = ctypes.c_size_t
_zstd.ZSTD_compress.restype = ctypes.c_size_t
_snappy = ctypes.CDLL('libsnappy.so.1')


def zstd(data):
    cap = _zstd.ZSTD_compressBound(ctypes.c_size_t(len(data)))
    buf = ctypes.create_string_buffer(cap)
    n = _zstd.ZSTD_compress(buf, ctypes.c_size_t(cap), data, ctypes.c_size_t(len(data)), 3)
    return buf.raw[:n]


def snappy(data):
    cap = 32 + len(data) + len(data) // 6
    buf = ctypes.create_string_buffer(cap)
    n = ctypes.c_size_t(cap)
    assert _snappy.snappy_compress(data, ctypes.c_size_t(len(data)), buf, ctypes.byref(n)) == 0
    return buf.raw[:n.value]


def gzip(data):
    c = zlib.compressobj(6, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


CODECS = {0: lambda d: d, 1: snappy, 2: gzip, 6: zstd}

# ---- encodings -------------------------------------------------------------


def bitpack(vals, bw):
    acc, nbits, out = 0, 0, bytearray()
    for v in vals:
        acc |= v << nbits
        nbits += bw
        while nbits >= 8:
            out.append(acc & 0xFF)
            acc >>= 8
            nbits -= 8
    if nbits:
        out.append(acc & 0xFF)
    return bytes(out)


def rle_hybrid(vals, bw):
    """Runs of >= 8 equal values as RLE runs, the rest bit-packed in groups of 8."""
    out, i, n = bytearray(), 0, len(vals)
    vbytes = (bw + 7) // 8
    while i < n:
        j = i
        while j < n and vals[j] == vals[i]:
            j += 1
        if j - i >= 8:
            out += uvarint((j - i) << 1) + vals[i].to_bytes(vbytes, 'little')
            i = j
            continue
        group = vals[i:i + 8]
        group += [0] * (8 - len(group))
        out += uvarint((1 << 1) | 1) + bitpack(group, bw)
        i += 8
    return bytes(out)


def delta_binary(vals, block=128, minis=4):
    per = block // minis
    out = bytearray(uvarint(block) + uvarint(minis) + uvarint(len(vals)))
    if not vals:
        return bytes(out + uvarint(0))
    out += uvarint(zigzag(vals[0]))
    deltas = [b - a for a, b in zip(vals, vals[1:])]
    for s in range(0, len(deltas), block):
        blk = deltas[s:s + block]
        mn = min(blk)
        out += uvarint(zigzag(mn))
        rel = [d - mn for d in blk]
        chunks = [rel[k:k + per] for k in range(0, len(rel), per)]
        widths = [max(c).bit_length() for c in chunks] + [0] * (minis - len(chunks))
        out += bytes(widths)
        for c, w in zip(chunks, widths):
            out += bitpack(c + [0] * (per - len(c)), w)
    return bytes(out)


def plain(ptype, vals, tlen=0):
    if ptype == 0:
        return bitpack([1 if v else 0 for v in vals], 1)
    if ptype == 1:
        return b''.join(struct.pack('<i', v) for v in vals)
    if ptype == 2:
        return b''.join(struct.pack('<q', v) for v in vals)
    if ptype == 3:
        return b''.join(struct.pack('<qi', ns, jd) for ns, jd in vals)
    if ptype == 4:
        return b''.join(struct.pack('<f', v) for v in vals)
    if ptype == 5:
        return b''.join(struct.pack('<d', v) for v in vals)
    if ptype == 6:
        return b''.join(struct.pack('<I', len(v)) + v for v in vals)
    if ptype == 7:
        assert all(len(v) == tlen for v in vals)
        return b''.join(vals)
    raise ValueError(ptype)


def encode(col, vals):
    """Value bytes of the non-null values in col['enc']."""
    enc, ptype = col['enc'], col['ptype']
    if enc == 0:
        return plain(ptype, vals, col.get('tlen', 0))
    if enc == 3:  # RLE booleans, with a 4-byte length
        body = rle_hybrid([1 if v else 0 for v in vals], 1)
        return struct.pack('<I', len(body)) + body
    if enc == 5:
        return delta_binary(vals)
    if enc == 6:
        return delta_binary([len(v) for v in vals]) + b''.join(vals)
    if enc == 7:
        pre, prev = [], b''
        for v in vals:
            k = 0
            while k < min(len(v), len(prev)) and v[k] == prev[k]:
                k += 1
            pre.append(k)
            prev = v
        sufs = [v[p:] for v, p in zip(vals, pre)]
        return delta_binary(pre) + delta_binary([len(s) for s in sufs]) + b''.join(sufs)
    if enc == 9:
        raw = plain(ptype, vals, col.get('tlen', 0))
        size = len(raw) // len(vals) if vals else 1
        return bytes(raw[i * size + k] for k in range(size) for i in range(len(vals)))
    raise ValueError(enc)


# ---- file writer -------------------------------------------------------------


def levels_of(col, rows):
    return [col['maxdef'] if v is not None else (col.get('nulldef', 0)) for v in rows]


def write_chunk(out, col, rows, v2, codec):
    """Pages of one column chunk; returns ColumnMetaData fields."""
    start = len(out)
    dict_off = None
    data_enc = col['enc']
    values = [v for v in rows if v is not None]
    if col.get('dict'):
        uniq = list(dict.fromkeys(values))
        dict_off = len(out)
        body = plain(col['ptype'], uniq, col.get('tlen', 0))
        comp = CODECS[codec](body)
        hdr = tstruct([(1, I32, 2), (2, I32, len(body)), (3, I32, len(comp)),
                       (7, STRUCT, [(1, I32, len(uniq)), (2, I32, 0)])])
        out += hdr + comp
        bw = max(len(uniq) - 1, 0).bit_length()
        idx = [uniq.index(v) for v in values]
        col = dict(col, enc=8, dictbody=bytes([bw]) + rle_hybrid(idx, bw))
        data_enc = 8
    data_off = len(out)
    pages = col.get('pages', 1)
    per = (len(rows) + pages - 1) // pages
    for p0 in range(0, len(rows), per):
        prow = rows[p0:p0 + per]
        pvals = [v for v in prow if v is not None]
        if data_enc == 8:
            bw = col['dictbody'][0]
            uniq_idx = [list(dict.fromkeys(values)).index(v) for v in pvals]
            vbytes = bytes([bw]) + rle_hybrid(uniq_idx, bw)
        else:
            vbytes = encode(col, pvals)
        lev = b''
        if col['maxdef']:
            lev = rle_hybrid(levels_of(col, prow), col['maxdef'].bit_length())
        if not v2:
            body = (struct.pack('<I', len(lev)) + lev if col['maxdef'] else b'') + vbytes
            comp = CODECS[codec](body)
            hdr = tstruct([(1, I32, 0), (2, I32, len(body)), (3, I32, len(comp)),
                           (5, STRUCT, [(1, I32, len(prow)), (2, I32, data_enc), (3, I32, 3), (4, I32, 3)])])
            out += hdr + comp
        else:
            comp = CODECS[codec](vbytes)
            hdr = tstruct([(1, I32, 3), (2, I32, len(lev) + len(vbytes)), (3, I32, len(lev) + len(comp)),
                           (8, STRUCT, [(1, I32, len(prow)), (2, I32, len(prow) - len(pvals)), (3, I32, len(prow)),
                                        (4, I32, data_enc), (5, I32, len(lev)), (6, I32, 0), (7, 'bool', True)])])
            out += hdr + lev + comp
    meta = [(1, I32, col['ptype']), (2, LIST, (I32, [0, 3, data_enc])), (3, LIST, (BIN, col['path'])),
            (4, I32, codec), (5, I64, len(rows)), (6, I64, len(out) - start), (7, I64, len(out) - start),
            (9, I64, data_off)]
    if dict_off is not None:
        meta.append((11, I64, dict_off))
    return meta


def write_file(name, schema, cols, groups, v2=False, codec=0):
    """schema: list of SchemaElement field lists (root first); cols: leaf descriptions;
    groups: list of row groups, each a list (per leaf) of row values (None = null)."""
    out = bytearray(b'PAR1')
    rgs = []
    for g in groups:
        chunks = []
        for col, rows in zip(cols, g):
            off = len(out)
            meta = write_chunk(out, col, rows, v2, codec)
            chunks.append([(2, I64, off), (3, STRUCT, meta)])
        nrows = len(g[0])
        rgs.append([(1, LIST, (STRUCT, chunks)), (2, I64, 0), (3, I64, nrows)])
    fmd = tstruct([(1, I32, 1), (2, LIST, (STRUCT, schema)), (3, I64, sum(len(g[0]) for g in groups)),
                   (4, LIST, (STRUCT, rgs)), (6, BIN, 'drawdown gen.py')])
    out += fmd + struct.pack('<I', len(fmd)) + b'PAR1'
    with open(name, 'wb') as f:
        f.write(out)


def leaf(name, ptype, rep=0, conv=None, logical=None, tlen=None, scale=None, precision=None):
    f = [(1, I32, ptype), (3, I32, rep), (4, BIN, name)]
    if tlen is not None:
        f.append((2, I32, tlen))
    if conv is not None:
        f.append((6, I32, conv))
    if scale is not None:
        f += [(7, I32, scale), (8, I32, precision)]
    if logical is not None:
        f.append((10, STRUCT, logical))
    return f


def group(name, n, rep=None, conv=None):
    f = [(4, BIN, name), (5, I32, n)]
    if rep is not None:
        f.append((3, I32, rep))
    if conv is not None:
        f.append((6, I32, conv))
    return f


TS_MICROS_UTC = [(8, STRUCT, [(1, 'bool', True), (2, STRUCT, [(2, STRUCT, [])])])]
TS_NANOS_LOCAL = [(8, STRUCT, [(1, 'bool', False), (2, STRUCT, [(3, STRUCT, [])])])]


def types_v1_gzip(name='types_v1_gzip.parquet', codec=2):
    schema = [group('schema', 8),
              leaf('id', 1),
              leaf('name', 6, rep=1, conv=0),
              leaf('cost', 5, rep=1),
              leaf('day', 1, conv=6),
              leaf('ts', 2, logical=TS_MICROS_UTC),
              leaf('dec', 1, conv=5, scale=2, precision=9),
              leaf('flag', 0),
              leaf('tsm', 2, rep=1, conv=9)]
    cols = [dict(path=['id'], ptype=1, enc=0, maxdef=0),
            dict(path=['name'], ptype=6, enc=0, maxdef=1, dict=True),
            dict(path=['cost'], ptype=5, enc=0, maxdef=1),
            dict(path=['day'], ptype=1, enc=0, maxdef=0),
            dict(path=['ts'], ptype=2, enc=0, maxdef=0),
            dict(path=['dec'], ptype=1, enc=0, maxdef=0),
            dict(path=['flag'], ptype=0, enc=0, maxdef=0),
            dict(path=['tsm'], ptype=2, enc=0, maxdef=1)]
    rows = [[1, 2, 3, 4, 5],
            [b'a', None, b'bb', b'a', None],
            [0.1, 1e-7, None, -2.5, 123456.789],
            [0, 17805, -1, 11016, 19782],
            [0, 1538352000000000, 1538352000123000, -1, 1538352000000001],
            [12345, -5, 0, 100, -12345],
            [True, False, True, True, False],
            [None, 1538352000000, None, 1538352000500, None]]
    write_file(name, schema, cols, [rows], v2=False, codec=codec)


def v2_zstd(name='v2_zstd.parquet', codec=6):
    schema = [group('schema', 11),
              leaf('account', 6, rep=1, conv=0),
              leaf('n', 2),
              leaf('s', 6, conv=0),
              leaf('f', 4),
              leaf('i96', 3, rep=1),
              leaf('dec', 7, tlen=16, conv=5, scale=10, precision=38),
              leaf('bdec', 6, rep=1, conv=5, scale=4, precision=20),
              leaf('b', 0),
              group('st', 1, rep=1),
              leaf('x', 1, rep=1),
              group('tags', 1, rep=1, conv=3),
              group('list', 1, rep=2),
              leaf('element', 6, rep=1, conv=0),
              leaf('tsn', 2, logical=TS_NANOS_LOCAL)]
    cols = [dict(path=['account'], ptype=6, enc=6, maxdef=1),
            dict(path=['n'], ptype=2, enc=5, maxdef=0, pages=2),
            dict(path=['s'], ptype=6, enc=7, maxdef=0),
            dict(path=['f'], ptype=4, enc=9, maxdef=0),
            dict(path=['i96'], ptype=3, enc=0, maxdef=1),
            dict(path=['dec'], ptype=7, tlen=16, enc=0, maxdef=0),
            dict(path=['bdec'], ptype=6, enc=0, maxdef=1),
            dict(path=['b'], ptype=0, enc=3, maxdef=0),
            dict(path=['st', 'x'], ptype=1, enc=0, maxdef=2, nulldef=None),
            # a list column: the reader must list it as unsupported and skip it
            dict(path=['tags', 'list', 'element'], ptype=6, enc=0, maxdef=0),
            dict(path=['tsn'], ptype=2, enc=0, maxdef=0)]

    def d16(v):
        return v.to_bytes(16, 'big', signed=True)

    def bd(v):
        n = max(1, (v.bit_length() + 8) // 8)
        return v.to_bytes(n, 'big', signed=True)
    # rows 0..3 in group 0, 4..5 in group 1
    data = [[b'012345678901', None, b'000000000042', b'012345678901', None, b'999999999999'],
            [5, 7, -3, 1000000000000, 1 - 2**63, 2**63 - 1],
            [b'apple', b'applesauce', b'apply', b'', b'banana', b'band'],
            [1.5, 0.1, -3.25, 16777216.0, 3.4028234663852886e38, 1e-45],
            [(0, 2440588), None, (43200 * 10**9 + 1000000, 2458393), (86399 * 10**9 + 999999999, 2440587), None,
             (123000000, 2451545)],
            [d16(12345678901234567890), d16(-1), d16(0), d16(10**28), d16(-(10**37)), d16(5)],
            [bd(12345), None, bd(-1), bd(0), bd(2**70), None],
            [True, True, False, True, False, False],
            [(2, 7), (1, None), (0, None), (2, -7), (2, 0), (1, None)],
            [None] * 6,
            [0, 1, 999999999, -1000000000, 86400 * 10**9, 1538352000123456789]]
    groups = []
    for lo, hi in ((0, 4), (4, 6)):
        g = []
        for col, vals in zip(cols, data):
            v = vals[lo:hi]
            if col['path'] == ['st', 'x']:
                g.append(v)
            else:
                g.append(v)
        groups.append(g)
    write_file_v2(schema, cols, groups, name, codec)


def write_file_v2(schema, cols, groups, name, codec):
    # Nested struct st.x and the list column need levels other than the plain
    # optional case, so their chunks are written by dedicated helpers.
    out = bytearray(b'PAR1')
    rgs = []
    for g in groups:
        chunks = []
        for col, rows in zip(cols, g):
            off = len(out)
            if col['path'] == ['st', 'x']:
                meta = nested_chunk(out, col, rows)
            elif col['path'][0] == 'tags':
                meta = list_chunk(out, col, len(rows))
            else:
                meta = write_chunk(out, col, rows, True, codec)
            chunks.append([(2, I64, off), (3, STRUCT, meta)])
        rgs.append([(1, LIST, (STRUCT, chunks)), (2, I64, 0), (3, I64, len(g[0]))])
    fmd = tstruct([(1, I32, 2), (2, LIST, (STRUCT, schema)), (3, I64, sum(len(g[0]) for g in groups)),
                   (4, LIST, (STRUCT, rgs))])
    out += fmd + struct.pack('<I', len(fmd)) + b'PAR1'
    with open(name, 'wb') as f:
        f.write(out)


def nested_chunk(out, col, rows):
    """optional group st { optional int32 x }: levels 0 (st null), 1 (x null), 2."""
    start = len(out)
    lev = rle_hybrid([d for d, _ in rows], 2)
    vals = plain(1, [v for d, v in rows if d == 2])
    comp = zstd(vals)
    hdr = tstruct([(1, I32, 3), (2, I32, len(lev) + len(vals)), (3, I32, len(lev) + len(comp)),
                   (8, STRUCT, [(1, I32, len(rows)), (2, I32, 0), (3, I32, len(rows)), (4, I32, 0),
                                (5, I32, len(lev)), (6, I32, 0)])])
    out += hdr + lev + comp
    return [(1, I32, 1), (2, LIST, (I32, [0])), (3, LIST, (BIN, col['path'])), (4, I32, 6),
            (5, I64, len(rows)), (6, I64, len(out) - start), (7, I64, len(out) - start), (9, I64, start)]


def list_chunk(out, col, nrows):
    """Every row an empty list: rep 0, def 1 (list present, no element)."""
    start = len(out)
    rep = rle_hybrid([0] * nrows, 1)
    dl = rle_hybrid([1] * nrows, 2)
    hdr = tstruct([(1, I32, 3), (2, I32, len(rep) + len(dl)), (3, I32, len(rep) + len(dl)),
                   (8, STRUCT, [(1, I32, nrows), (2, I32, nrows), (3, I32, nrows), (4, I32, 0),
                                (5, I32, len(dl)), (6, I32, len(rep)), (7, 'bool', False)])])
    out += hdr + rep + dl
    return [(1, I32, 6), (2, LIST, (I32, [0])), (3, LIST, (BIN, col['path'])), (4, I32, 6),
            (5, I64, nrows), (6, I64, len(out) - start), (7, I64, len(out) - start), (9, I64, start)]


def snappy_pages():
    """Snappy, v1, 300 rows over 3 pages, dictionary strings and PLAIN int64:
    multi-page chunks and bit-packed runs of dictionary indices."""
    schema = [group('schema', 2), leaf('k', 6, conv=0), leaf('v', 2, rep=1)]
    cols = [dict(path=['k'], ptype=6, enc=0, maxdef=0, dict=True, pages=3),
            dict(path=['v'], ptype=2, enc=0, maxdef=1, pages=3)]
    keys = [b'k%d' % (i % 7) for i in range(300)]
    vals = [None if i % 5 == 0 else i * 1000 for i in range(300)]
    write_file('snappy_pages.parquet', schema, cols, [[keys, vals]], v2=False, codec=1)


def bad_page_billing(name='bad_page_billing.parquet'):
    """The aggregated charges columns (SPEC 2.2), all required UTF8, two rows,
    uncompressed; then the first PLAIN length in the amount column's page
    (b'12.5', length 4) is overwritten with 2^31 - 1, so the reader fails in
    that page. Returns the byte offset of that page's header: the amount
    chunk is the last one written, a single data page starting the chunk."""
    names = ['billing_period', 'payer_account', 'usage_account', 'service', 'charge_type',
             'billing_entity', 'amount']
    schema = [group('schema', len(names))] + [leaf(n, 6, conv=0) for n in names]
    cols = [dict(path=[n], ptype=6, enc=0, maxdef=0) for n in names]
    rows = [[b'2026-01'] * 2, [b'111111111111'] * 2, [b'111111111111'] * 2, [b'AmazonEC2', b'AmazonS3'],
            [b'Usage'] * 2, [b'AWS'] * 2, [b'12.5', b'7.25']]
    out = bytearray(b'PAR1')
    for col, vals in zip(cols, rows):
        page_at = len(out)
        write_chunk(out, col, vals, False, 0)
    write_file(name, schema, cols, [rows])
    data = bytearray(open(name, 'rb').read())
    at = data.find(struct.pack('<I', 4) + b'12.5')
    assert at > page_at and data.count(struct.pack('<I', 4) + b'12.5') == 1
    data[at:at + 4] = struct.pack('<I', 2**31 - 1)
    open(name, 'wb').write(bytes(data))
    return page_at


if __name__ == '__main__':
    import sys
    types_v1_gzip()
    v2_zstd()
    snappy_pages()
    if '--fuzz-seeds' in sys.argv:  # uncompressed twins: mutations reach the decoders
        seeds = '../../../fuzzers/corpus/parquet/'
        types_v1_gzip(seeds + 'seed_types_v1_plain.parquet', 0)
        v2_zstd(seeds + 'seed_v2_plain.parquet', 0)
