# Shared by the govmail scripts: where things are and how to build them once.
# shellcheck shell=bash

# Java decodes its arguments in the locale's character set: in the POSIX locale a Korean name or reason
# given to govmail-admin or govmail-pki would reach it as U+FFFD replacement characters. C.UTF-8 is on
# every Debian.
case "$(locale charmap 2>/dev/null)" in
    UTF-8) ;;
    *) export LC_ALL=C.UTF-8 ;;
esac

GOVMAIL_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVER_JAR="$GOVMAIL_HOME/server/target/govmail-server.jar"
# The server's JVM options as shipped (scripts/govmail); the benchmark starts its servers with the same.
# A small heap keeps the idle footprint low; raise -Xmx for large installations. G1 gives unused heap back
# to the system when the server is idle (a periodic collection every 15 s, free heap kept between 10 and 30 %).
GOVMAIL_DEFAULT_JAVA_OPTS="-Xms64m -Xmx768m -XX:+UseG1GC -XX:MaxMetaspaceSize=256m -XX:G1PeriodicGCInterval=15000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
SERVER_LIB="$GOVMAIL_HOME/server/target/lib"

die() {
    local code=$1
    shift
    echo "govmail: $*" >&2
    exit "$code"
}

require_tools() {
    command -v java >/dev/null || die 10 "java not found: install a Java 17 JDK (Debian: apt-get install openjdk-17-jdk-headless)"
    command -v mvn >/dev/null || die 10 "mvn not found: install Maven (Debian: apt-get install maven)"
    local version
    version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ "${version%%.*}" -lt 17 ] 2>/dev/null; then
        die 10 "Java $version found, govmail needs Java 17 or newer"
    fi
}

# Builds the server when it was never built or a source, pom or shipped mailet container changed since.
build_if_needed() {
    if [ -f "$SERVER_JAR" ] && [ -d "$SERVER_LIB" ] && [ -z "$(find "$GOVMAIL_HOME" \
            \( -path "$GOVMAIL_HOME/var" -o -path '*/target' -o -path "$GOVMAIL_HOME/.git" \) -prune -o \
            \( -name '*.java' -o -name 'pom.xml' -o -path "$GOVMAIL_HOME/conf/mailetcontainer.xml" -o -path '*/src/main/resources/*' \) \
            -newer "$SERVER_JAR" -print -quit)" ]; then
        return 0
    fi
    echo "govmail: building (first start or sources changed; this takes a few minutes the first time)..." >&2
    rm -rf "$SERVER_LIB"  # a stale jar from an older build must not stay on the classpath
    (cd "$GOVMAIL_HOME" && mvn -B -q -Dstyle.color=never -DskipTests install) || die 11 "build failed: run 'mvn -DskipTests install' to see why"
    # The jar plugin leaves an up-to-date jar untouched; mark the build so the next start does not redo it.
    touch "$SERVER_JAR"
}

server_classpath() {
    echo "$SERVER_JAR:$SERVER_LIB/*"
}

# Application class-data sharing: the classes James and govmail load at start-up, parsed and verified once
# and mapped from an archive afterwards: start-up about 7.5 s -> 4.5 s, idle memory about 30 MB lower
# (docs/performance.md). The archive is written when a server without one stops, and written again after
# every build (a stale archive would be ignored by the JVM anyway: it checks the class path). Used by
# scripts/govmail and for the nodes of scripts/cluster, each with its own archive.
class_data_sharing() {
    local archive=$1
    if [ -f "$archive" ] && [ "$archive" -nt "$SERVER_JAR" ]; then
        echo "-XX:SharedArchiveFile=$archive"
    else
        rm -f "$archive"
        echo "-XX:ArchiveClassesAtExit=$archive"
    fi
}

running_pid() {
    local pid_file="$GOVMAIL_HOME/var/govmail.pid"
    [ -f "$pid_file" ] || return 1
    local pid
    pid=$(tr -dc '0-9' < "$pid_file")
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    # A killed server whose parent has not reaped it yet (a zombie) is not running.
    case "$(ps -o stat= -p "$pid" 2>/dev/null)" in
        Z*|"") return 1 ;;
    esac
    echo "$pid"
}
