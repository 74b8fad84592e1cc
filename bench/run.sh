#!/usr/bin/env bash
# Runs the benchmarks (they print figures; they are not part of ./test.sh) and appends their tables to
# bench/RESULTS.md with the date, machine and command. Packages the production jar first (cold start and
# fan-out run it as its own process). Takes about 15 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/jdk.sh
. scripts/jdk.sh
scripts/ensure-tools.sh
rm -f target/bench-results.md
mvn -B -q package -DskipTests
# the two-hour soak has its own script (bench/soak.sh)
mvn -B -q test -Dgroups=bench -Dexcluded.groups=none -Dtest='*Benchmark,!SoakBenchmark' \
    -Dsurefire.failIfNoSpecifiedTests=false
{
    echo
    echo "## Run of $(date -u +%Y-%m-%d) on $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB — \`bench/run.sh\`"
    cat target/bench-results.md
} >> bench/RESULTS.md
echo "Appended to bench/RESULTS.md"
