#!/bin/bash
# usage: ab.tmp.sh rounds seconds variants...
rounds=$1; secs=$2; shift 2
out=/tmp/ab.$$; : > $out
for r in $(seq 1 $rounds); do for v in "$@"; do
  node srv.tmp.mjs $v 4120 > /tmp/srv.$$ & pid=$!; sleep 0.6
  rps=$(node load.tmp.mjs 4120 $secs | awk '{print $2}'); kill -TERM $pid; wait $pid
  cpu=$(awk '{print $3}' /tmp/srv.$$); echo "$v $rps $cpu" >> $out
done; done
for v in "$@"; do grep "^$v " $out | awk -v v=$v '{r[NR]=$2; c[NR]=$3} END {n=asort(r); asort(c); m=int((n+1)/2); printf "%-16s median rps %8.0f  cpu/req %6.1f\n", v, r[m], c[m]}'; done
