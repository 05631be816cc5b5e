// DuckDB peer for bench/funnel.sh: tgt-funnel's job (stage counts,
// conversions, team benchmark, gap, bottleneck, avg days and amount of the
// won ones, stalled open ones, per rep x month x stage) as one SQL
// statement over read_csv, written as CSV to stdout.
// Usage: node duckdb-funnel.mjs OPPORTUNITIES THREADS
import { DuckDBInstance } from '@duckdb/node-api';

const [file, threads] = process.argv.slice(2);
if (!file || !threads) {
	process.stderr.write('usage: node duckdb-funnel.mjs FILE THREADS\n');
	process.exit(2);
}
const quoted = "'" + file.replaceAll("'", "''") + "'";
const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const con = await db.connect();
await con.run(`COPY (
WITH o AS (
	SELECT rep, strftime(created, '%Y-%m') AS period,
	    CASE stage WHEN '线索' THEN 1 WHEN '商机' THEN 2 WHEN '方案' THEN 3
	        WHEN '报价' THEN 4 WHEN '成交' THEN 5 END AS s,
	    status, created, closed, amount
	FROM read_csv(${quoted}, header = true, types = {'created': 'DATE',
	    'closed': 'DATE', 'amount': 'DECIMAL(18,2)'})
), stages(i, name) AS (
	VALUES (1, '线索'), (2, '商机'), (3, '方案'), (4, '报价'), (5, '成交')
), g AS (
	SELECT rep, period, s, count(*) AS n,
	    count(*) FILTER (status = 'open'
	        AND DATE '2025-12-31' - created > 30) AS stalled,
	    sum(closed - created) FILTER (status = 'won') AS days,
	    sum(CAST(amount * 100 AS HUGEINT)) FILTER (status = 'won') AS amt,
	    count(*) FILTER (status = 'won') AS won
	FROM o GROUP BY ALL
), k AS (
	SELECT g.rep, g.period, st.i, st.name,
	    coalesce(sum(g.n) FILTER (g.s >= st.i), 0) AS cnt,
	    coalesce(sum(g.stalled) FILTER (g.s = st.i), 0) AS stalled,
	    sum(g.days) FILTER (st.i = 5) AS days,
	    sum(g.amt) FILTER (st.i = 5) AS amt,
	    sum(g.won) FILTER (st.i = 5) AS won
	FROM g CROSS JOIN stages st GROUP BY ALL
), r AS (
	SELECT k.*,
	    round(100.0 * cnt / nullif(lag(cnt) OVER w, 0), 1) AS conv,
	    round(100.0 * cnt / nullif(first_value(cnt) OVER w, 0), 1) AS cum
	FROM k WINDOW w AS (PARTITION BY rep, period ORDER BY i)
), t AS (
	SELECT period, i, round(100.0 * sum(cnt) / nullif(lag(sum(cnt))
	    OVER (PARTITION BY period ORDER BY i), 0), 1) AS bench
	FROM k GROUP BY period, i
), b AS (
	SELECT r.*, t.bench, round(r.conv - t.bench, 1) AS gap,
	    row_number() OVER (PARTITION BY rep, period
	        -- in whole tenths: ties are real ties, as in tgt-funnel
	        ORDER BY round(r.conv * 10) - round(t.bench * 10) NULLS LAST,
		    i) AS worst
	FROM r JOIN t USING (period, i)
)
SELECT rep, period, name AS stage, cnt AS count, conv AS conv_pct,
    cum AS cum_conv_pct, bench AS benchmark_pct, gap AS gap_pct,
    CASE WHEN worst = 1 AND gap < 0 THEN 'yes' END AS bottleneck,
    round(days / won, 1) AS avg_days, -- cents, rounded half away from zero exactly (a double would not)
    ((2 * amt + won) // (2 * won)) / 100 AS avg_amount,
    stalled
FROM b ORDER BY rep, period, i
) TO '/dev/stdout' (FORMAT csv, HEADER)`);
