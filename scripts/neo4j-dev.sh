#!/usr/bin/env bash
# Development Neo4j 5.26 (embedded engine + Bolt), started from Maven Central jars.
#
#   scripts/neo4j-dev.sh start [--fresh]   start (or report the running one); last line NEO4J_URI=...
#   scripts/neo4j-dev.sh stop              stop it; exit 0 also when it was not running
#   scripts/neo4j-dev.sh status            exit 0 if running, 3 if not
#
# Environment:
#   NEO4J_DEV_PORT           wanted Bolt port (default 7687; the next free one if busy)
#   NEO4J_DEV_HOME           state dir: data, logs, pid, log (default <repo>/.neo4j-dev)
#   NEO4J_DEV_FRESH=1        same as --fresh: wipe data and logs before starting
#   NEO4J_DEV_PASSWORD       turn auth on; user "neo4j" gets this password (min. 8 characters)
#   NEO4J_DEV_START_TIMEOUT  seconds to wait for readiness (default 180)
#   NEO4J_DEV_JAVA_OPTS      extra JVM options
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$SCRIPT_DIR")
LAUNCHER_DIR=$SCRIPT_DIR/neo4j-dev
LIB=$LAUNCHER_DIR/lib
STATE=${NEO4J_DEV_HOME:-$REPO/.neo4j-dev}
[[ $STATE == /* ]] || STATE=$PWD/$STATE
PID_FILE=$STATE/neo4j-dev.pid
LOG_FILE=$STATE/neo4j-dev.log
URI_FILE=$STATE/neo4j-dev.uri
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

JVM_OPTS=(
    -Xms256m -Xmx1g
    # From Neo4j's own neo4j.conf; without them the page cache and the transaction log
    # fall back to slower paths and warn.
    --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED
)

say() { echo "neo4j-dev: $*"; }
die() { echo "neo4j-dev: $*" >&2; exit 1; }

# Prints the pid if our launcher is running; a pid file left by a dead or reused pid does not count.
running_pid() {
    local pid
    [[ -f $PID_FILE ]] || return 1
    pid=$(<"$PID_FILE")
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'Launcher\.java' || return 1
    echo "$pid"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
    local port=$1 last=$(($1 + 100))
    while ((port <= last)); do
        port_in_use "$port" || { echo "$port"; return 0; }
        port=$((port + 1))
    done
    die "no free port in $1..$last"
}

check_java() {
    command -v "$JAVA" >/dev/null || die "java not found (Java 17 or newer is needed)"
    local version major
    version=$("$JAVA" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -1)
    major=${version%%.*}
    if ! [[ $major =~ ^[0-9]+$ ]] || ((major < 17)); then
        die "Java 17 or newer is needed, found '${version:-unknown}'"
    fi
}

# Fetches the class path once per pom version; Maven keeps the jars in ~/.m2 as well.
fetch_jars() {
    local sum tmp out
    sum=$(sha256sum "$LAUNCHER_DIR/pom.xml" | cut -d' ' -f1)
    [[ -f $LIB/.pom.sha256 && $(<"$LIB/.pom.sha256") == "$sum" ]] && return 0
    command -v mvn >/dev/null || die "mvn not found (needed once to fetch the Neo4j jars)"
    say "fetching Neo4j jars with Maven into $LIB"
    tmp=$LIB.tmp
    rm -rf "$tmp"
    # Debian's Maven 3.8 prints stray colour codes even with -q, so its output is shown only on failure.
    if ! out=$(mvn -q -B -f "$LAUNCHER_DIR/pom.xml" dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$tmp" 2>&1); then
        printf '%s\n' "$out" >&2
        die "Maven could not fetch the jars"
    fi
    echo "$sum" >"$tmp/.pom.sha256"
    rm -rf "$LIB"
    mv "$tmp" "$LIB"
}

cmd_start() {
    local fresh=${NEO4J_DEV_FRESH:-0} pid port uri deadline started_ns ms
    for arg in "$@"; do
        case $arg in
            --fresh) fresh=1 ;;
            *) die "unknown option '$arg'" ;;
        esac
    done

    # Concurrent starts (parallel test workers) queue here; the second one then finds the first's server.
    mkdir -p "$STATE"
    exec 9>"$STATE/neo4j-dev.lock"
    flock -w 600 9 || die "timed out waiting for another start to finish"

    if pid=$(running_pid); then
        if [[ $fresh == 1 ]]; then
            cmd_stop
        else
            say "already running (pid $pid)"
            echo "NEO4J_URI=$(<"$URI_FILE")"
            return 0
        fi
    fi

    check_java
    fetch_jars
    if [[ $fresh == 1 ]]; then
        say "wiping $STATE/data and $STATE/logs"
        rm -rf "${STATE:?}/data" "${STATE:?}/logs"
    fi

    port=$(free_port "${NEO4J_DEV_PORT:-7687}")
    uri=bolt://127.0.0.1:$port
    started_ns=$(date +%s%N)

    # Emptied here, not only by the launch's redirect: that runs in the background, and the wait
    # below could otherwise find the READY line of the previous run on the same port.
    : >"$LOG_FILE"
    # setsid: the server outlives the shell (and a Ctrl-C) that started it.
    # shellcheck disable=SC2086  # NEO4J_DEV_JAVA_OPTS is a list of words on purpose
    (cd "$STATE" && exec setsid "$JAVA" "${JVM_OPTS[@]}" ${NEO4J_DEV_JAVA_OPTS:-} \
        -cp "$LIB/*" "$LAUNCHER_DIR/Launcher.java" "$STATE" "$port" \
        >"$LOG_FILE" 2>&1 </dev/null 9>&-) &
    pid=$!
    echo "$pid" >"$PID_FILE"
    echo "$uri" >"$URI_FILE"

    deadline=$((SECONDS + ${NEO4J_DEV_START_TIMEOUT:-180}))
    until grep -qx "READY $uri" "$LOG_FILE" 2>/dev/null; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "neo4j-dev: the server exited during startup; last lines of $LOG_FILE:" >&2
            tail -n 30 "$LOG_FILE" >&2
            rm -f "$PID_FILE"
            exit 1
        fi
        if ((SECONDS >= deadline)); then
            echo "neo4j-dev: not ready after ${NEO4J_DEV_START_TIMEOUT:-180} s; last lines of $LOG_FILE:" >&2
            tail -n 30 "$LOG_FILE" >&2
            cmd_stop >&2
            exit 1
        fi
        sleep 0.2
    done

    ms=$((($(date +%s%N) - started_ns) / 1000000))
    say "started (pid $pid) in $((ms / 1000)).$(printf '%03d' $((ms % 1000))) s; state in $STATE"
    echo "NEO4J_URI=$uri"
}

cmd_stop() {
    local pid i
    if ! pid=$(running_pid); then
        rm -f "$PID_FILE"
        say "not running"
        return 0
    fi
    kill -TERM "$pid"
    for ((i = 0; i < 150; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        say "pid $pid did not stop within 30 s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$PID_FILE"
    say "stopped"
}

cmd_status() {
    local pid
    if pid=$(running_pid); then
        say "running (pid $pid)"
        echo "NEO4J_URI=$(<"$URI_FILE")"
    else
        say "not running"
        exit 3
    fi
}

case ${1:-} in
    start) shift; cmd_start "$@" ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *) echo "usage: $0 start [--fresh] | stop | status" >&2; exit 2 ;;
esac
