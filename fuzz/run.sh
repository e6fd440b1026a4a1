#!/usr/bin/env bash
# A short, bounded fuzz pass over the three targets (origin parser, request
# decision, attribute parser). Needs a nightly toolchain and cargo-fuzz;
# without nightly it says so in one line and succeeds. A crash fails.
#
#   bash fuzz/run.sh [seconds per target, default 20]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-20}"

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "fuzz: skipped (no nightly toolchain; cargo-fuzz needs one: rustup toolchain install nightly)"
    exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    if ! cargo install cargo-fuzz --locked --quiet; then
        echo "fuzz: skipped (cargo-fuzz could not be installed)"
        exit 0
    fi
fi
log="$(mktemp)"
for target in origin_parser request_decision attribute_parser; do
    echo "fuzz: ${target} for ${seconds}s"
    if ! cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" >"$log" 2>&1; then
        tail -n 60 "$log"
        echo "fuzz: ${target} crashed; the input is in fuzz/artifacts/${target}/"
        exit 1
    fi
    grep -E "Done [0-9]+ runs" "$log" || tail -n 3 "$log"
done
rm -f "$log"
echo "fuzz: no crash"
