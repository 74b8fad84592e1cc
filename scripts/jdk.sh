# shellcheck shell=bash
# Sourced by the project's scripts: exports JAVA_HOME pointing at a JDK >= 21 (Vaadin 25 needs it; the machine's
# default java may be 17). Honours an existing JAVA_HOME when it is recent enough.

java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}

select_jdk() {
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
        return 0
    fi
    local best="" best_major=0 candidate major
    for candidate in /usr/lib/jvm/* /opt/java/* /usr/local/openjdk-*; do
        [ -x "$candidate/bin/javac" ] || continue
        major=$(java_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then
            best=$candidate
            best_major=$major
        fi
    done
    if [ -z "$best" ]; then
        echo "No JDK 21 or newer found (looked in /usr/lib/jvm, /opt/java). Install one, e.g. apt-get install openjdk-21-jdk, or set JAVA_HOME." >&2
        return 1
    fi
    export JAVA_HOME="$best"
}

select_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
