#!/usr/bin/env bash
# Runs the portal on the embedded default: SQLite under ./data and a local fleet of factory servers on loopback.
# Extra arguments go to Spring Boot, e.g. ./run.sh --server.port=9090
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=scripts/jdk.sh
. scripts/jdk.sh
jar=target/meshportal-0.1.0-SNAPSHOT.jar
app=target/app
# build when anything changed since the last build
if [ ! -f "$jar" ] || [ -n "$(find pom.xml src/main -newer "$jar" -type f -print -quit)" ]; then
    mvn -B -q -DskipTests package
fi
# start as the container image does: the jar extracted, with a class-data-sharing archive from a training run,
# which halves the start-up (bench/RESULTS.md, cold start); both are made again after each build
if [ ! -f "$app/portal.jsa" ] || [ "$jar" -nt "$app/portal.jsa" ]; then
    rm -rf "$app"
    java -Djarmode=tools -jar "$jar" extract --destination "$app"
    echo "Preparing faster start-ups (once per build, about 15 s)..."
    java -XX:ArchiveClassesAtExit="$app/portal.jsa" -Dspring.context.exit=onRefresh --enable-native-access=ALL-UNNAMED \
        -jar "$app/${jar##*/}" --server.port=0 --meshportal.data.dir="$app/training" > "$app/training.log" 2>&1 \
        || echo "No class-data-sharing archive ($app/training.log says why); starting without it."
    rm -rf "$app/training"
fi
cds=()
if [ -f "$app/portal.jsa" ]; then
    # -Xlog:cds=off: the JDK's own base archive was made without --enable-native-access; the JVM says so on
    # every start and carries on with a little less sharing
    cds=(-XX:SharedArchiveFile="$app/portal.jsa" -Xlog:cds=off)
fi
exec java --enable-native-access=ALL-UNNAMED "${cds[@]}" -jar "$app/${jar##*/}" "$@"
