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
# start as the container image does: the jar extracted, with a start-up cache from a training run (below), which
# more than halves the start-up (bench/RESULTS.md, cold start); both are made again after each build
# prepared so that nothing half-made is ever used: the jar is extracted into a folder of its own and renamed into
# place, the archive is written under a temporary name and renamed when complete. An interrupted preparation, or
# two ./run.sh started together, leave either the previous state or a complete one. (The archive is trained on the
# jar at its final path: the JVM checks that the class path it was made with is the one it starts with.)
if [ ! -f "$app/${jar##*/}" ] || [ "$jar" -nt "$app/${jar##*/}" ]; then
    work=$(mktemp -d target/app.preparing.XXXXXX)
    if java -Djarmode=tools -jar "$jar" extract --destination "$work/app" > "$work/extract.log" 2>&1; then
        rm -rf "$app.old"
        [ ! -e "$app" ] || mv "$app" "$app.old"
        mv "$work/app" "$app"
        rm -rf "$app.old" "$work"
    else
        echo "Could not extract the jar ($work/extract.log says why); starting it directly."
        exec java --enable-native-access=ALL-UNNAMED -jar "$jar" "$@"
    fi
fi
# JDK 25 and later: an ahead-of-time cache (JEP 483/514/515: classes loaded and linked, method profiles) from a
# training run that starts the application and stops once its context is up; older JDKs: a class-data-sharing
# archive the same way. Both are made once per build, under a temporary name renamed when complete.
if [ "$(java_major "$JAVA_HOME")" -ge 25 ]; then
    cache="$app/portal.aot"
    make=(-XX:AOTCacheOutput=)
    # -Xlog:aot=off: JDK 25.0.3 warns on every start that one adapter could not be linked from the cache, and
    # carries on with the rest of it
    use=(-XX:AOTCache="$cache" -Xlog:aot=off)
else
    cache="$app/portal.jsa"
    make=(-XX:ArchiveClassesAtExit=)
    # -Xlog:cds=off: the JDK's own base archive was made without --enable-native-access; the JVM says so on
    # every start and carries on with a little less sharing
    use=(-XX:SharedArchiveFile="$cache" -Xlog:cds=off)
fi
if [ ! -f "$cache" ]; then
    echo "Preparing faster start-ups (once per build, about 20 s)..."
    partial="$cache.$$"
    if java "${make[0]}$partial" -Dspring.context.exit=onRefresh --enable-native-access=ALL-UNNAMED \
        -jar "$app/${jar##*/}" --server.port=0 --meshportal.data.dir="$app/training.$$" > "$app/training.log" 2>&1 \
        && [ -s "$partial" ]; then
        mv "$partial" "$cache"
    else
        echo "No start-up cache ($app/training.log says why); starting without it."
        rm -f "$partial"
    fi
    rm -rf "$app/training.$$"
fi
[ -f "$cache" ] || use=()
exec java --enable-native-access=ALL-UNNAMED "${use[@]}" -jar "$app/${jar##*/}" "$@"
