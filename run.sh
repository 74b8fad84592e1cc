#!/usr/bin/env bash
# Runs the portal on the embedded default: SQLite under ./data and a local fleet of factory servers on loopback.
# Extra arguments go to Spring Boot, e.g. ./run.sh --server.port=9090
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=scripts/jdk.sh
. scripts/jdk.sh
mvn -B -q -DskipTests package
exec java --enable-native-access=ALL-UNNAMED -jar target/meshportal-0.1.0-SNAPSHOT.jar "$@"
