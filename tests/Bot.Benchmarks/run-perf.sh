#!/usr/bin/env bash
# The full performance run behind the README's "Performance" section. Run it on a quiet machine:
#
#   bash tests/Bot.Benchmarks/run-perf.sh [all|bench|load|startup|directline|memory] [out-dir]
#
# Everything is Release, loopback only, bounded in count and time; every process it starts it stops.
# Each load figure is the median of 3 runs; the raw figures land in JSON files under the out dir
# (default artifacts/perf/<UTC time>/, git-ignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
what=${1:-all}
out=${2:-artifacts/perf/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The host as it is deployed: Release, published ReadyToRun (framework-dependent) into a folder inside
# the repository, so it finds knowledge/ by walking up from its own folder.
host=artifacts/perf-host/Bot.Host.dll
driver=tests/Bot.LoadDriver/bin/Release/net10.0/Bot.LoadDriver.dll
# The Release host runs as in production (not Development), anonymous on purpose: the load driver
# plays the Emulator, which sends no token. Nothing but loopback can reach it.
# Every simulated user comes from 127.0.0.1, so the per-address rate limits are raised, not switched off
# (their cost stays in the measured path; see README, "Reliability and security"); the per-conversation
# limit keeps its default. Direct Line keeps more conversations than its default 500 across the runs.
hostenv=(--environment Production --env AllowUnauthenticated=true
  --env RateLimiting__MessagesPerClient__Burst=10000000 --env RateLimiting__MessagesPerClient__PerSecond=10000000
  --env RateLimiting__DirectLinePerClient__Burst=10000000 --env RateLimiting__DirectLinePerClient__PerSecond=10000000
  --env RateLimiting__ConversationsPerClient__Burst=100000 --env RateLimiting__ConversationsPerClient__PerSecond=100000
  --env DirectLine__MaxConversations=10000)

echo "== build (Release) and publish the host (ReadyToRun)"
dotnet publish src/Bot.Host -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o artifacts/perf-host -nologo -v quiet
dotnet build tests/Bot.LoadDriver -c Release -nologo -v quiet
dotnet build tests/Bot.Benchmarks -c Release -nologo -v quiet
(cd tests/Bot.Benchmarks/EchoBotJs && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), .NET $(dotnet --list-runtimes | awk '/NETCore.App/ {v=$2} END {print v}'), node $(node --version)"

if [[ $what == all || $what == bench ]]; then
  echo "== BenchmarkDotNet (time and allocations per operation)"
  # Short job (3 warm-up + 3 measured iterations), in process: minutes instead of half an hour on 2 cores.
  dotnet tests/Bot.Benchmarks/bin/Release/net10.0/Bot.Benchmarks.dll --filter '*' --job short --inProcess --artifacts "$out/bdn" \
    --exporters github json > "$out/bdn.log"
  grep -E '^\|' "$out/bdn.log"
  echo "== per-answer latency distribution in process (each call timed; search cache on and off)"
  dotnet tests/Bot.Benchmarks/bin/Release/net10.0/Bot.Benchmarks.dll latency 200 | tee "$out/latency.log"
fi

if [[ $what == all || $what == load ]]; then
  echo "== /api/messages: C# host vs JS echo bot (official botbuilder SDK), same fake Connector, 3 runs each, medians"
  dotnet "$driver" compare --host-dll "$host" "${hostenv[@]}" --concurrency 32,128 --count 20000 --repeat 3 \
    --json "$out/compare.json" | tee "$out/compare.log"
fi

if [[ $what == all || $what == startup ]]; then
  echo "== start-up: process start to /readyz and to the first answered turn, 5 runs"
  dotnet "$driver" startup --host-dll "$host" "${hostenv[@]}" --repeat 5 --json "$out/startup.json" | tee "$out/startup.log"
fi

if [[ $what == all || $what == directline ]]; then
  echo "== Direct Line: 200 Web Chat-like conversations x 5 messages, post to readable reply, 3 runs"
  dotnet "$driver" directline --host-dll "$host" "${hostenv[@]}" --conversations 200 --turns 5 --repeat 3 \
    --json "$out/directline.json" | tee "$out/directline.log"
fi

if [[ $what == all || $what == memory ]]; then
  echo "== memory: 5 runs of 20,000 turns at 64 concurrent against one host process"
  dotnet "$driver" memory --host-dll "$host" "${hostenv[@]}" --runs 5 --count 20000 --concurrency 64 \
    --json "$out/memory.json" | tee "$out/memory.log"
fi

echo "== figures in $out"
