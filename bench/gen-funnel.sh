#!/bin/sh
# bench/gen-funnel.sh N > FILE: N opportunities of a CRM export for the
# tgt-funnel benchmark (bench/funnel.sh), the same bytes for the same N on
# any machine: the generator is Park-Miller's minimal standard LCG, whose
# products stay below 2^53 so every awk computes them exactly.
#
# Columns: id,region,rep,stage,created,closed,status,amount.  20 regions,
# 2,000 reps (rep i in region i % 20), created dates over 2025 in date
# order, stages 线索 商机 方案 报价 成交 with step rates that differ per
# region (so reps have real bottlenecks), won ones closed 5..94 days later
# with an amount of 1,000.00..100,999.99, lost ones closed 1..30 days
# later, open ones (30 % of those not won) with no closed date.
n=${1:?usage: gen-funnel.sh N}
exec awk -v n="$n" '
function rnd() { seed = (seed * 16807) % 2147483647; return seed }
function ymd(d,    y, m, dim) {
	# day d of 2025 (0-based) as 2025-MM-DD; later days run into 2026
	y = 2025
	split("31 28 31 30 31 30 31 31 30 31 30 31", dim, " ")
	for (m = 1; d >= dim[m]; m++) {
		d -= dim[m]
		if (m == 12) { m = 0; y++ }
	}
	return sprintf("%04d-%02d-%02d", y, m, d + 1)
}
BEGIN {
	seed = 20250601
	split("线索 商机 方案 报价 成交", st, " ")
	print "id,region,rep,stage,created,closed,status,amount"
	for (i = 0; i < n; i++) {
		rep = rnd() % 2000
		reg = rep % 20
		day = int(i * 365 / n)
		s = 1
		# continue with probability 45..84 % per step, by region and step
		while (s < 5 && rnd() % 100 < 45 + (reg * 7 + s * 13) % 40)
			s++
		if (s == 5) {
			status = "won"
			closed = ymd(day + 5 + rnd() % 90)
			amount = sprintf("%d.%02d", 1000 + rnd() % 100000, rnd() % 100)
		} else if (rnd() % 10 < 3) {
			status = "open"; closed = ""; amount = ""
		} else {
			status = "lost"; closed = ymd(day + 1 + rnd() % 30); amount = ""
		}
		printf "O%07d,R%02d,rep%04d,%s,%s,%s,%s,%s\n", i + 1, reg, rep, \
		    st[s], ymd(day), closed, status, amount
	}
}'
