#!/usr/bin/env bash
# Compile-time cost of the attribute: a generated crate with 200 annotated
# handlers against the same 200 handlers without it and with tower-http's
# CorsLayer on each route, clean (the crate itself; its dependencies
# already built) and incremental (after touching one file). gen_cors_nomap
# is gen_cors without the default `map` feature (no inventory
# registrations); gen_cors_shared has the 200 handlers share one named
# policy (`policy!` + `#[cors(policy = SHARED)]`). Also the clean build time of the macro crate with its
# dependencies.
#
#   bash benches/compile_time.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
# KEEP=1 keeps the generated crates (for -Z time-passes and the like).
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
[ -z "${KEEP:-}" ] || echo "work dir: $work"
export CARGO_TARGET_DIR="$work/target"

make_crate() { # name, kind: 1 = #[cors] + route!, 0 = no CORS, tower = tower-http CorsLayer per route; [handler-cors features]
    local dir="$work/$1"
    local features="${3:-}"
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.0.0"
edition = "2024"
publish = false
[dependencies]
handler-cors = { path = "$root"$features }
axum = { version = "0.8", default-features = false, features = ["tokio", "http1"] }
tower-http = { version = "0.7", default-features = false, features = ["cors"] }
[workspace]
TOML
    {
        if [ "$2" = 1 ] || [ "$2" = shared ]; then echo "use axum::Router;"; else echo "use axum::{Router, routing::get};"; fi
        if [ "$2" = shared ]; then
            echo "handler_cors::policy!(pub SHARED, origins = [\"https://a.example\", \"https://*.b.example\"], methods = [GET, POST], headers = [\"content-type\"], credentials, max_age = 600);"
        fi
        if [ "$2" = tower ]; then
            echo "use axum::http::{HeaderValue, Method, header};"
            echo "use tower_http::cors::CorsLayer;"
            echo "use std::time::Duration;"
        fi
        for i in $(seq 0 199); do
            if [ "$2" = shared ]; then
                echo "#[handler_cors::cors(policy = SHARED)]"
            elif [ "$2" = 1 ]; then
                echo "#[handler_cors::cors(origins = [\"https://a$i.example\", \"https://*.b$i.example\"], methods = [GET, POST], headers = [\"content-type\"], credentials, max_age = 600)]"
            fi
            echo "pub async fn handler_$i() -> &'static str { \"$i\" }"
        done
        echo "pub fn app() -> Router {"
        echo "    Router::new()"
        for i in $(seq 0 199); do
            if [ "$2" = 1 ] || [ "$2" = shared ]; then
                echo "        .route(\"/r$i\", handler_cors::route!(get(handler_$i)))"
            elif [ "$2" = tower ]; then
                echo "        .route(\"/r$i\", get(handler_$i).layer(CorsLayer::new().allow_origin([HeaderValue::from_static(\"https://a$i.example\")]).allow_methods([Method::GET, Method::POST]).allow_headers([header::CONTENT_TYPE]).allow_credentials(true).max_age(Duration::from_secs(600))))"
            else
                echo "        .route(\"/r$i\", get(handler_$i))"
            fi
        done
        echo "}"
    } >"$dir/src/lib.rs"
}

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b-a}'; }

make_crate gen_plain 0
make_crate gen_cors 1
make_crate gen_tower tower
make_crate gen_cors_nomap 1 ', default-features = false, features = ["axum"]'
make_crate gen_cors_shared shared
# Dependencies first, so the timings below are the crates' own work.
(cd "$work/gen_cors" && cargo build -q)
(cd "$work/gen_plain" && cargo build -q)
(cd "$work/gen_tower" && cargo build -q)
(cd "$work/gen_cors_nomap" && cargo build -q)
(cd "$work/gen_cors_shared" && cargo build -q)

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ROUNDS="${ROUNDS:-3}"
declare -A clean_times incremental_times
# Rounds interleave the crates, so drift hits each alike; medians reported.
for round in $(seq "$ROUNDS"); do
    for crate in gen_plain gen_cors gen_cors_nomap gen_cors_shared gen_tower; do
        cd "$work/$crate"
        cargo clean -q -p "$crate"
        clean_times[$crate]+="$(seconds cargo build -q) "
        touch src/lib.rs
        incremental_times[$crate]+="$(seconds cargo build -q) "
    done
done
plain_clean=$(median <<<"${clean_times[gen_plain]}")
plain_incremental=$(median <<<"${incremental_times[gen_plain]}")
for crate in gen_plain gen_cors gen_cors_nomap gen_cors_shared gen_tower; do
    clean=$(median <<<"${clean_times[$crate]}")
    incremental=$(median <<<"${incremental_times[$crate]}")
    echo "$crate: clean ${clean}s ($(awk -v a="$clean" -v b="$plain_clean" 'BEGIN {printf "%+.0f%%", (a/b-1)*100}')), incremental ${incremental}s ($(awk -v a="$incremental" -v b="$plain_incremental" 'BEGIN {printf "%+.0f%%", (a/b-1)*100}')); rounds: clean ${clean_times[$crate]}| incremental ${incremental_times[$crate]}"
done
cd "$work/gen_cors"
cargo clean -q -p cors-macros -p cors-rules -p syn -p proc-macro2 -p quote -p regex-syntax -p unicode-ident
echo "cors-macros with syn, quote, proc-macro2, regex-syntax, cors-rules, clean: $(seconds cargo build -q -p cors-macros)s"
