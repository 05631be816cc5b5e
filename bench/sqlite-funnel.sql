-- sqlite3 peer for bench/funnel.sh: tgt-funnel's job in SQL over a table
-- opps that bench/funnel.sh fills with .import (every column TEXT).
-- The same columns as tgt-funnel -k rep --by month --stalled 30
-- --asof 2025-12-31, in the same order per rep and month.
.headers on
.mode csv
WITH o AS (
	SELECT rep, substr(created, 1, 7) AS period,
	    CASE stage WHEN '线索' THEN 1 WHEN '商机' THEN 2 WHEN '方案' THEN 3
	        WHEN '报价' THEN 4 WHEN '成交' THEN 5 END AS s,
	    status, created, closed, amount
	FROM opps
), stages(i, name) AS (
	VALUES (1, '线索'), (2, '商机'), (3, '方案'), (4, '报价'), (5, '成交')
), g AS (
	SELECT rep, period, s, count(*) AS n,
	    sum(status = 'open' AND julianday('2025-12-31') -
	        julianday(created) > 30) AS stalled,
	    sum(CASE WHEN status = 'won' THEN
	        julianday(closed) - julianday(created) END) AS days,
	    sum(CASE WHEN status = 'won' THEN
	        CAST(round(amount * 100) AS INTEGER) END) AS amt,
	    sum(status = 'won') AS won
	FROM o GROUP BY rep, period, s
), k AS (
	SELECT g.rep, g.period, st.i, st.name,
	    sum(CASE WHEN g.s >= st.i THEN g.n ELSE 0 END) AS cnt,
	    sum(CASE WHEN g.s = st.i THEN g.stalled ELSE 0 END) AS stalled,
	    sum(CASE WHEN st.i = 5 THEN g.days END) AS days,
	    sum(CASE WHEN st.i = 5 THEN g.amt END) AS amt,
	    sum(CASE WHEN st.i = 5 THEN g.won END) AS won
	FROM g CROSS JOIN stages st GROUP BY g.rep, g.period, st.i
), r AS (
	SELECT k.*,
	    round(100.0 * cnt / nullif(lag(cnt) OVER w, 0), 1) AS conv,
	    round(100.0 * cnt / nullif(first_value(cnt) OVER w, 0), 1) AS cum
	FROM k WINDOW w AS (PARTITION BY rep, period ORDER BY i)
), tk AS (
	SELECT period, i, sum(cnt) AS cnt FROM k GROUP BY period, i
), t AS (
	SELECT period, i, round(100.0 * cnt / nullif(lag(cnt) OVER
	    (PARTITION BY period ORDER BY i), 0), 1) AS bench
	FROM tk
), b AS (
	SELECT r.*, t.bench, round(r.conv - t.bench, 1) AS gap,
	    row_number() OVER (PARTITION BY r.rep, r.period
	        ORDER BY round(r.conv * 10) - round(t.bench * 10) NULLS LAST,
		    r.i) AS worst
	FROM r JOIN t ON t.period = r.period AND t.i = r.i
)
SELECT rep, period, name AS stage, cnt AS count, conv AS conv_pct,
    cum AS cum_conv_pct, bench AS benchmark_pct, gap AS gap_pct,
    CASE WHEN worst = 1 AND gap < 0 THEN 'yes' END AS bottleneck,
    round(1.0 * days / won, 1) AS avg_days,
    ((2 * amt + won) / (2 * won)) / 100.0 AS avg_amount, stalled
FROM b ORDER BY rep, period, i;
