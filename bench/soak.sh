#!/usr/bin/env bash
# The soak: the production jar for two hours (SOAK_MINUTES to change) with 100 screens open and factories failing
# on a schedule; samples heap, threads, descriptors and SQLite size every minute, writes bench/soak.csv and
# bench/soak.png, and appends its table to bench/RESULTS.md. Not part of ./test.sh or bench/run.sh. SOAK_RANGE picks
# the 127.N.0.0/16 block its factories listen on (default 2), so two soaks can run side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/jdk.sh
. scripts/jdk.sh
rm -f target/bench-results.md
mvn -B -q package -DskipTests
mvn -B -q test -Dgroups=bench -Dexcluded.groups=none -Dtest=SoakBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dsoak.minutes="${SOAK_MINUTES:-120}" -Dsoak.range="${SOAK_RANGE:-2}"
{
    echo
    echo "## Soak of $(date -u +%Y-%m-%d) on $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB — \`bench/soak.sh\`"
    cat target/bench-results.md
} >> bench/RESULTS.md
echo "Appended to bench/RESULTS.md"
