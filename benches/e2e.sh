#!/usr/bin/env bash
# End-to-end throughput over loopback: the same route served with no CORS,
# with tower-http's CorsLayer, and with our attribute, each driven by wrk
# (Debian package) with an allowed cross-origin GET. Bounded: ROUNDS rounds
# of DURATION seconds per mode, interleaved so drift hits every mode alike;
# the median of the rounds is reported.
#
#   bash benches/e2e.sh            # ROUNDS=3 DURATION=5 by default
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-5}"
ADDRESS="127.0.0.1:8090"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release -q -p handler-cors-bench --bin e2e_server
server=target/release/e2e_server

pin_server=""; pin_client=""
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
    pin_server="taskset -c 0"; pin_client="taskset -c 1"
fi

declare -A rps latency
for round in $(seq "$ROUNDS"); do
    for mode in none static tower ours; do
        # Server on one core, wrk on the other, so they do not trade places.
        $pin_server "$server" "$mode" "$ADDRESS" & pid=$!
        sleep 0.5
        out=$($pin_client wrk -t1 -c32 -d"${DURATION}s" --latency \
            -H "Origin: https://site0.example" "http://$ADDRESS/")
        kill "$pid"; wait "$pid" 2>/dev/null || true
        rps[$mode]+="$(awk '/Requests\/sec/ {print $2}' <<<"$out") "
        latency[$mode]+="$(awk '$1 == "99%" {print $2}' <<<"$out") "
    done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
to_us() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); print v} else if (v ~ /ms$/) {sub(/ms/,"",v); print v*1000} else {sub(/s$/,"",v); print v*1000000}}'; }

none_rps=$(median <<<"${rps[none]}")
spread() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {printf "%s-%s", a[1], a[NR]}'; }
printf "%-8s %14s %24s %12s %14s\n" mode "requests/s" "min-max of $ROUNDS rounds" "p99 (us)" "vs no CORS"
for mode in none static tower ours; do
    r=$(median <<<"${rps[$mode]}")
    p=$(tr ' ' '\n' <<<"${latency[$mode]}" | grep -v '^$' | to_us | median)
    printf "%-8s %14s %24s %12s %14s\n" "$mode" "$r" "$(spread <<<"${rps[$mode]}")" "$p" "$(awk -v a="$r" -v b="$none_rps" 'BEGIN {printf "%.3f", a/b}')"
done
# Per round, ours over no CORS (the rounds are interleaved, so each pair
# shares the machine's state of that moment).
read -ra ours_rounds <<<"${rps[ours]}"; read -ra none_rounds <<<"${rps[none]}"
ratios=""
for i in "${!ours_rounds[@]}"; do
    ratios+="$(awk -v a="${ours_rounds[$i]}" -v b="${none_rounds[$i]}" 'BEGIN {printf "%.3f", a/b}') "
done
echo "ours / no CORS per round: $ratios(median $(median <<<"$ratios"))"
