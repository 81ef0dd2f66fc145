#!/usr/bin/env bash
# HTTP load test of /api/search: serves INDEX on a free port and runs wrk (Debian package `wrk`)
# with the query mix of scripts/loadtest.lua at 16 connections for 30 s (MIX=full for all facet
# kinds and the timeline).
#   scripts/loadtest.sh INDEX_DIR [QUERY_FILE] [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
index=${1:?usage: scripts/loadtest.sh INDEX_DIR [QUERY_FILE] [SECONDS] [CONNECTIONS]}
export QUERIES=${2:-../shared/peers/queries/news-queries.txt}
seconds=${3:-30}
connections=${4:-16}
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
RUST_LOG=warn target/release/newsroom serve --index "$index" --addr "127.0.0.1:$port" --timeout-secs 10 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
threads=$(( connections < 2 ? connections : 2 ))
wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s scripts/loadtest.lua "http://127.0.0.1:$port"
