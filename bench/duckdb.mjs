// DuckDB peer for bench/run.sh: the tgt-track job (sum and count of amount
// per rep and month) as one SQL statement over read_csv, written as CSV to
// stdout.  Usage: node duckdb.mjs ORDERS THREADS
//
// amount is read as DECIMAL(18,2), so DuckDB sums exactly as tgt-track does;
// date as DATE (DuckDB parses it, as tgt-track does).
import { DuckDBInstance } from '@duckdb/node-api';

const [file, threads] = process.argv.slice(2);
if (!file || !threads) {
	process.stderr.write('usage: node duckdb.mjs ORDERS THREADS\n');
	process.exit(2);
}
const quoted = "'" + file.replaceAll("'", "''") + "'";
const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const con = await db.connect();
await con.run(`COPY (
	SELECT rep, strftime(date, '%Y-%m') AS month,
	    sum(amount) AS amount_sum, count(*) AS amount_count
	FROM read_csv(${quoted}, header = true,
	    types = {'date': 'DATE', 'amount': 'DECIMAL(18,2)'})
	GROUP BY rep, month
) TO '/dev/stdout' (FORMAT csv, HEADER)`);
