// duck.mjs: run SQL in DuckDB (the @duckdb/node-api package pinned in
// bench/package.json) for the benchmark and the SQL tests: DuckDB is the
// independent reference drawdown is compared with, for speed and totals.
//
//   node bench/duck.mjs [--threads N] [--csv] [--set NAME=VALUE]... (FILE.sql | -e SQL)
//
// Runs every statement in order. ${NAME} in the SQL is replaced by VALUE
// (file paths, table names: the only rewrite the shipped SQL gets). With
// --csv the last statement's rows are printed as CSV on stdout, every value
// as DuckDB's own exact text (DECIMAL sums never pass through a JS number).
// The wall time of the statements is printed on stderr as "duckdb_ms=N".
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

function usage() {
  process.stderr.write('usage: node duck.mjs [--threads N] [--csv] [--set NAME=VALUE]... (FILE.sql | -e SQL)\n');
  process.exit(2);
}

const args = process.argv.slice(2);
let threads = '2', csv = false, sql = null;
const vars = {};
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--threads') threads = args[++i];
  else if (a === '--csv') csv = true;
  else if (a === '--set') {
    const kv = args[++i] ?? usage();
    const eq = kv.indexOf('=');
    if (eq < 1) usage();
    vars[kv.slice(0, eq)] = kv.slice(eq + 1);
  } else if (a === '-e') sql = args[++i];
  else if (sql === null) sql = readFileSync(a, 'utf8');
  else usage();
}
if (sql === null || !threads) usage();
sql = sql.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, name) => {
  if (!(name in vars)) { process.stderr.write(`duck.mjs: no --set for \${${name}}\n`); process.exit(2); }
  return vars[name];
});

function csvField(v) {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

const inst = await DuckDBInstance.create(':memory:', { threads });
const conn = await inst.connect();
const stmts = await conn.extractStatements(sql);
const t0 = process.hrtime.bigint();
let last = null;
for (let i = 0; i < stmts.count; i++) {
  const prepared = await stmts.prepare(i);
  last = await prepared.runAndReadAll();
}
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
process.stderr.write(`duckdb_ms=${ms.toFixed(1)}\n`);
if (csv && last) {
  const out = [last.columnNames().map(csvField).join(',')];
  for (const row of last.getRows()) out.push(row.map(csvField).join(','));
  process.stdout.write(out.join('\n') + '\n');
}
