# The shared engines of govmail's distributed profile, on loopback, for scripts/cluster: Cassandra 5.0
# (from the Maven Central jars), RabbitMQ and PostgreSQL (from the Debian packages). Each engine runs as
# its own process with all its data under var/cluster/ of the checkout. Source lib.sh first.
# shellcheck shell=bash

CLUSTER_DIR="$GOVMAIL_HOME/var/cluster"

CQL_PORT=${GOVMAIL_CLUSTER_CQL_PORT:-19042}
CASSANDRA_STORAGE_PORT=${GOVMAIL_CLUSTER_CASSANDRA_STORAGE_PORT:-17000}
CASSANDRA_JMX_PORT=${GOVMAIL_CLUSTER_CASSANDRA_JMX_PORT:-17199}
CASSANDRA_HEAP=${CASSANDRA_HEAP:-1g}
AMQP_PORT=${GOVMAIL_CLUSTER_AMQP_PORT:-15673}
RABBITMQ_MANAGEMENT_PORT=${GOVMAIL_CLUSTER_RABBITMQ_MANAGEMENT_PORT:-15674}
RABBITMQ_DIST_PORT_VALUE=${GOVMAIL_CLUSTER_RABBITMQ_DIST_PORT:-25673}
EPMD_PORT=${GOVMAIL_CLUSTER_EPMD_PORT:-14369}
RABBITMQ_NODE=${GOVMAIL_CLUSTER_RABBITMQ_NODE:-govmail-cluster@localhost}
RABBITMQ_BIN=${GOVMAIL_CLUSTER_RABBITMQ_BIN:-/usr/lib/rabbitmq/bin}
PG_PORT=${GOVMAIL_CLUSTER_PG_PORT:-15432}

CASSANDRA_DIR="$CLUSTER_DIR/cassandra"
CASSANDRA_CLASSPATH_FILE="$CLUSTER_DIR/cassandra.classpath"
CASSANDRA_PID_FILE="$CLUSTER_DIR/cassandra.pid"
CASSANDRA_POM="$GOVMAIL_HOME/scripts/cluster.d/cassandra-pom.xml"
RABBITMQ_DIR="$CLUSTER_DIR/rabbitmq"
RABBITMQ_PID_FILE="$RABBITMQ_DIR/mnesia/rabbitmq.pid"
POSTGRES_DIR="$CLUSTER_DIR/postgres"
PGDATA_DIR="$POSTGRES_DIR/data"

# The account the govmail nodes use on RabbitMQ (virtual host and user) and on PostgreSQL (role and database).
GOVMAIL_ACCOUNT=govmail

# ---------------------------------------------------------------------------------------------------
# Processes, ports, users
# ---------------------------------------------------------------------------------------------------

# Prints the pid in the file when that process is alive (not a zombie) and its command line contains
# the marker (so a pid reused by another program after a crash is not taken for the engine).
live_pid() {
    local pid_file=$1 marker=$2 pid
    [ -f "$pid_file" ] || return 1
    pid=$(head -n 1 "$pid_file" | tr -dc '0-9')
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    case "$(ps -o stat= -p "$pid" 2>/dev/null)" in
        Z*|"") return 1 ;;
    esac
    local cmdline
    cmdline=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) || return 1
    case "$cmdline" in
        *"$marker"*) echo "$pid" ;;
        *) return 1 ;;
    esac
}

port_open() {
    timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# Fails with exit code 2 when a port the engine needs is taken (by a system service or another checkout).
require_free_ports() {
    local engine=$1 port
    shift
    for port in "$@"; do
        if port_open "$port"; then
            die 2 "$engine: port $port on 127.0.0.1 is already in use (see the port variables in scripts/cluster)"
        fi
    done
}

# Resident memory of a process in MB, from /proc.
rss_mb() {
    awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"
}

now_ms() {
    echo $(($(date +%s%N) / 1000000))
}

seconds_since() {
    local elapsed=$(($(now_ms) - $1))
    printf '%d.%d' $((elapsed / 1000)) $((elapsed % 1000 / 100))
}

# Runs a command as the engine's own system user when this script runs as root (PostgreSQL refuses root;
# RabbitMQ's Debian package expects its files to belong to rabbitmq), as the calling user otherwise.
# The working directory is the engine's folder: the service user may not be allowed to read the caller's.
as_engine_user() {
    local user=$1 dir=$2
    shift 2
    if [ "$(id -u)" -eq 0 ]; then
        (cd "$dir" && runuser -u "$user" -- "$@")
    else
        (cd "$dir" && "$@")
    fi
}

# Gives the folders to the engine's system user (root only) and checks that user can reach them: a
# checkout under /root, for example, is not reachable by the postgres and rabbitmq users.
own_folders() {
    local user=$1 dir
    shift
    [ "$(id -u)" -eq 0 ] || return 0
    id "$user" >/dev/null 2>&1 || die 10 "system user '$user' missing: is its package installed?"
    for dir in "$@"; do
        chown -R "$user:" "$dir"
        runuser -u "$user" -- test -w "$dir" ||
            die 4 "the $user user cannot write to $dir: a parent folder is not accessible to it (chmod o+x the parents, or use a checkout outside /root)"
    done
}

# A random password of 24 URL-safe characters, written once to a file only the caller can read.
ensure_secret() {
    local file=$1
    if [ ! -s "$file" ]; then
        (umask 077 && head -c 18 /dev/urandom | base64 | tr '+/' '-_' > "$file")
    fi
    chmod 600 "$file"
}

# ---------------------------------------------------------------------------------------------------
# Cassandra
# ---------------------------------------------------------------------------------------------------

cassandra_pid() {
    live_pid "$CASSANDRA_PID_FILE" "$CASSANDRA_DIR/conf/cassandra.yaml"
}

# Cassandra's class path: resolved once from scripts/cluster.d/cassandra-pom.xml into the local Maven
# repository, and again only when the cached list is missing or names a jar that is gone.
cassandra_classpath() {
    local jar missing=""
    if [ -s "$CASSANDRA_CLASSPATH_FILE" ]; then
        while IFS= read -r -d ':' jar; do
            [ -f "$jar" ] || { missing=$jar; break; }
        done < <(cat "$CASSANDRA_CLASSPATH_FILE"; printf ':')
        [ -z "$missing" ] && return 0
        echo "govmail: $missing is gone from the Maven repository; resolving Cassandra's class path again" >&2
    fi
    command -v mvn >/dev/null || die 10 "mvn not found: install Maven (Debian: apt-get install maven)"
    echo "govmail: resolving Cassandra 5.0.2 from Maven Central (once; about 100 jars)..." >&2
    mkdir -p "$CLUSTER_DIR"
    local partial="$CASSANDRA_CLASSPATH_FILE.partial"
    # The output file is given as an absolute path: Maven would resolve a relative one against the pom's folder.
    mvn -q -B -Dstyle.color=never -f "$CASSANDRA_POM" dependency:build-classpath -Dmdep.outputFile="$partial" ||
        die 11 "could not resolve Cassandra's class path: run 'mvn -f scripts/cluster.d/cassandra-pom.xml dependency:build-classpath' to see why"
    [ -s "$partial" ] || die 11 "Maven wrote an empty class path for Cassandra"
    mv "$partial" "$CASSANDRA_CLASSPATH_FILE"
}

# The JVM flags of Cassandra 5.0's conf/jvm17-server.options (the module exports and opens it needs on
# Java 17, its G1 settings and Netty options); the heap is CASSANDRA_HEAP.
cassandra_jvm_options() {
    local jamm=$1
    local options=(
        "-Xms$CASSANDRA_HEAP" "-Xmx$CASSANDRA_HEAP" -Xss256k
        -XX:+UseG1GC -XX:+ParallelRefProcEnabled -XX:MaxTenuringThreshold=1
        -XX:G1RSetUpdatingPauseTimePercent=5 -XX:MaxGCPauseMillis=300 -XX:InitiatingHeapOccupancyPercent=70
        -XX:+PerfDisableSharedMem -XX:+ExitOnOutOfMemoryError
        -Djava.net.preferIPv4Stack=true
        -Djdk.attach.allowAttachSelf=true
        --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
        --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED
        --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED
        --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED
        --add-exports java.sql/java.sql=ALL-UNNAMED
        --add-exports java.base/java.lang.ref=ALL-UNNAMED
        --add-exports jdk.unsupported/sun.misc=ALL-UNNAMED
        --add-exports jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
        --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED
        --add-opens java.base/java.lang.module=ALL-UNNAMED
        --add-opens java.base/jdk.internal.loader=ALL-UNNAMED
        --add-opens java.base/jdk.internal.ref=ALL-UNNAMED
        --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED
        --add-opens java.base/jdk.internal.math=ALL-UNNAMED
        --add-opens java.base/jdk.internal.module=ALL-UNNAMED
        --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED
        --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
        --add-opens java.base/sun.nio.ch=ALL-UNNAMED
        --add-opens java.base/java.io=ALL-UNNAMED
        --add-opens java.base/java.lang.reflect=ALL-UNNAMED
        --add-opens jdk.compiler/com.sun.tools.javac=ALL-UNNAMED
        --add-opens java.base/java.lang=ALL-UNNAMED
        --add-opens java.base/java.util=ALL-UNNAMED
        -Dio.netty.tryReflectionSetAccessible=true
        -Dio.netty.allocator.useCacheForAllThreads=true
        -Dio.netty.allocator.maxOrder=11
        # Object sizes for memtable accounting, as bin/cassandra does it.
        "-javaagent:$jamm"
        "-Dcassandra.config=file://$CASSANDRA_DIR/conf/cassandra.yaml"
        -Dcassandra-foreground=yes
        "-Dcassandra.storagedir=$CASSANDRA_DIR"
        "-Dcassandra.logdir=$CASSANDRA_DIR/logs"
        "-Dcassandra.triggers_dir=$CASSANDRA_DIR/triggers"
        "-Dlogback.configurationFile=$CASSANDRA_DIR/conf/logback.xml"
        # JMX (nodetool) on 127.0.0.1 only, without authentication.
        "-Dcassandra.jmx.local.port=$CASSANDRA_JMX_PORT"
        # A single node has no peers to wait for: do not wait for gossip to settle (saves about 10 s).
        -Dcassandra.skip_wait_for_gossip_to_settle=0
    )
    printf '%s\n' "${options[@]}"
}

write_cassandra_config() {
    local conf="$CASSANDRA_DIR/conf"
    mkdir -p "$conf" "$CASSANDRA_DIR/logs" "$CASSANDRA_DIR/triggers"
    # Written on every start, so that changed port variables apply; the data stays where it is.
    cat > "$conf/cassandra.yaml" <<EOF
# Generated by scripts/cluster on every start: edit scripts/lib-cluster.sh instead.
cluster_name: govmail
num_tokens: 16
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: SimpleSnitch
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "127.0.0.1:$CASSANDRA_STORAGE_PORT"
listen_address: 127.0.0.1
rpc_address: 127.0.0.1
storage_port: $CASSANDRA_STORAGE_PORT
native_transport_port: $CQL_PORT
start_native_transport: true
authenticator: AllowAllAuthenticator
authorizer: AllowAllAuthorizer
data_file_directories:
  - $CASSANDRA_DIR/data
commitlog_directory: $CASSANDRA_DIR/commitlog
saved_caches_directory: $CASSANDRA_DIR/saved_caches
hints_directory: $CASSANDRA_DIR/hints
cdc_raw_directory: $CASSANDRA_DIR/cdc_raw
commitlog_sync: periodic
commitlog_sync_period: 10000ms
commitlog_segment_size: 16MiB
# Small memory budgets for a development machine.
memtable_heap_space: 64MiB
memtable_offheap_space: 64MiB
key_cache_size: 16MiB
counter_cache_size: 8MiB
# Dropped and truncated tables are not kept as snapshots: throw-away data.
auto_snapshot: false
EOF
    cat > "$conf/logback.xml" <<'EOF'
<!-- Generated by scripts/cluster on every start. -->
<configuration scan="false">
    <appender name="SYSTEMLOG" class="ch.qos.logback.core.rolling.RollingFileAppender">
        <file>${cassandra.logdir}/system.log</file>
        <rollingPolicy class="ch.qos.logback.core.rolling.FixedWindowRollingPolicy">
            <fileNamePattern>${cassandra.logdir}/system.log.%i.zip</fileNamePattern>
            <minIndex>1</minIndex>
            <maxIndex>5</maxIndex>
        </rollingPolicy>
        <triggeringPolicy class="ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy">
            <maxFileSize>20MB</maxFileSize>
        </triggeringPolicy>
        <encoder>
            <pattern>%-5level [%thread] %date{ISO8601} %logger{0} - %msg%n</pattern>
        </encoder>
    </appender>
    <root level="INFO">
        <appender-ref ref="SYSTEMLOG"/>
    </root>
</configuration>
EOF
}

start_cassandra() {
    local pid
    if pid=$(cassandra_pid); then
        echo "Cassandra already running (pid $pid)"
        return 0
    fi
    require_tools
    local java_version
    java_version=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    case "$java_version" in
        11|17) ;;
        *) echo "govmail: WARNING: Cassandra 5.0 supports Java 11 and 17; this is Java $java_version" >&2 ;;
    esac
    cassandra_classpath
    require_free_ports Cassandra "$CQL_PORT" "$CASSANDRA_STORAGE_PORT" "$CASSANDRA_JMX_PORT"
    write_cassandra_config
    local classpath jamm options
    classpath=$(cat "$CASSANDRA_CLASSPATH_FILE")
    jamm=$(awk -v RS=':' '/\/jamm-[^\/]*\.jar/ { sub(/\n$/, ""); print; exit }' "$CASSANDRA_CLASSPATH_FILE")
    [ -n "$jamm" ] || die 11 "no jamm jar in Cassandra's class path ($CASSANDRA_CLASSPATH_FILE): delete that file to resolve it again"
    mapfile -t options < <(cassandra_jvm_options "$jamm")

    # CassandraDaemon itself does not refuse root (only the bin/cassandra script does, unless -R is given):
    # it runs as the calling user. Its own session (setsid), so that a Ctrl-C in this terminal later does
    # not reach it; the pid is written by the shell that then becomes the JVM.
    local started
    started=$(now_ms)
    rm -f "$CASSANDRA_PID_FILE"
    setsid bash -c 'echo $$ > "$0"; exec "$@"' "$CASSANDRA_PID_FILE" \
        java "${options[@]}" -cp "$classpath" org.apache.cassandra.service.CassandraDaemon \
        < /dev/null >> "$CASSANDRA_DIR/logs/stdout.log" 2>&1 &
    local deadline=$(($(now_ms) + 120000))
    while ! port_open "$CQL_PORT"; do
        if ! pid=$(cassandra_pid) && [ "$(now_ms)" -gt $((started + 5000)) ]; then
            tail -n 20 "$CASSANDRA_DIR/logs/system.log" "$CASSANDRA_DIR/logs/stdout.log" >&2 2>/dev/null || true
            die 5 "Cassandra stopped during start-up: see $CASSANDRA_DIR/logs/system.log and stdout.log"
        fi
        if [ "$(now_ms)" -gt "$deadline" ]; then
            die 5 "Cassandra did not open its CQL port $CQL_PORT within 120 s (still starting? see $CASSANDRA_DIR/logs/system.log; 'scripts/cluster stop' stops it)"
        fi
        sleep 0.5
    done
    pid=$(cassandra_pid) || die 5 "port $CQL_PORT opened, but the Cassandra process is gone: see $CASSANDRA_DIR/logs/system.log"
    echo "Cassandra up in $(seconds_since "$started") s (pid $pid, $(rss_mb "$pid") MB resident)"
}

stop_cassandra() {
    local pid
    if ! pid=$(cassandra_pid); then
        rm -f "$CASSANDRA_PID_FILE"
        return 0
    fi
    # SIGTERM runs Cassandra's shutdown hook: it drains (flushes memtables) before exiting.
    kill -TERM "$pid"
    local i
    for i in $(seq 1 120); do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$CASSANDRA_PID_FILE"
            echo "Cassandra stopped (pid $pid)"
            return 0
        fi
        sleep 0.5
    done
    echo "govmail: Cassandra (pid $pid) still running 60 s after SIGTERM: killing it (the commit log replays on the next start)" >&2
    kill -KILL "$pid" 2>/dev/null || true
    sleep 1
    if kill -0 "$pid" 2>/dev/null; then
        return 1
    fi
    rm -f "$CASSANDRA_PID_FILE"
    echo "Cassandra killed (pid $pid)"
}

# ---------------------------------------------------------------------------------------------------
# RabbitMQ
# ---------------------------------------------------------------------------------------------------

# The environment of both the broker and rabbitmqctl: every file of its own (nothing from /etc/rabbitmq or
# /var/lib/rabbitmq), its own Erlang port mapper on its own port, and every listener on 127.0.0.1, so that
# a system broker and this one never meet.
rabbitmq_env() {
    local erl_loopback='-kernel inet_dist_use_interface {127,0,0,1}'
    printf '%s\n' \
        "HOME=$RABBITMQ_DIR/home" \
        "RABBITMQ_NODENAME=$RABBITMQ_NODE" \
        "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1" \
        "RABBITMQ_NODE_PORT=$AMQP_PORT" \
        "RABBITMQ_DIST_PORT=$RABBITMQ_DIST_PORT_VALUE" \
        "ERL_EPMD_PORT=$EPMD_PORT" \
        "ERL_EPMD_ADDRESS=127.0.0.1" \
        "RABBITMQ_MNESIA_BASE=$RABBITMQ_DIR/mnesia" \
        "RABBITMQ_PID_FILE=$RABBITMQ_PID_FILE" \
        "RABBITMQ_LOG_BASE=$RABBITMQ_DIR/log" \
        "RABBITMQ_CONFIG_FILE=$RABBITMQ_DIR/conf/rabbitmq.conf" \
        "RABBITMQ_ADVANCED_CONFIG_FILE=$RABBITMQ_DIR/conf/advanced.config" \
        "RABBITMQ_CONF_ENV_FILE=$RABBITMQ_DIR/conf/rabbitmq-env.conf" \
        "RABBITMQ_ENABLED_PLUGINS_FILE=$RABBITMQ_DIR/conf/enabled_plugins" \
        "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=$erl_loopback" \
        "RABBITMQ_CTL_ERL_ARGS=$erl_loopback"
}

rabbitmq_run() {
    local command=$1 env
    shift
    mapfile -t env < <(rabbitmq_env)
    as_engine_user rabbitmq "$RABBITMQ_DIR/home" env "${env[@]}" "$RABBITMQ_BIN/$command" "$@"
}

rabbitmqctl_node() {
    rabbitmq_run rabbitmqctl -n "$RABBITMQ_NODE" "$@"
}

rabbitmq_pid() {
    # The Erlang VM is started with -home <its HOME>: that folder is this checkout's.
    live_pid "$RABBITMQ_PID_FILE" "$RABBITMQ_DIR/home"
}

start_rabbitmq() {
    local pid
    if pid=$(rabbitmq_pid); then
        echo "RabbitMQ already running (pid $pid)"
        return 0
    fi
    [ -x "$RABBITMQ_BIN/rabbitmq-server" ] ||
        die 10 "$RABBITMQ_BIN/rabbitmq-server not found: install RabbitMQ (Debian: apt-get install rabbitmq-server) or set GOVMAIL_CLUSTER_RABBITMQ_BIN"
    # The Erlang port mapper's port is not checked: a mapper left there (by a broker that crashed) is reused.
    require_free_ports RabbitMQ "$AMQP_PORT" "$RABBITMQ_DIST_PORT_VALUE" "$RABBITMQ_MANAGEMENT_PORT"
    mkdir -p "$RABBITMQ_DIR/home" "$RABBITMQ_DIR/mnesia" "$RABBITMQ_DIR/log" "$RABBITMQ_DIR/conf"
    cat > "$RABBITMQ_DIR/conf/rabbitmq.conf" <<EOF
# Generated by scripts/cluster on every start. The AMQP listener, node name and folders come from the environment.
log.console = false
log.file.level = info
# The default guest user is deleted after the first start; govmail has its own user and virtual host.
loopback_users.guest = true
disk_free_limit.absolute = 200MB
# The management plugin's HTTP API, which James' RabbitMQ mail queue calls to list its queues: loopback only.
management.tcp.ip = 127.0.0.1
management.tcp.port = $RABBITMQ_MANAGEMENT_PORT
EOF
    echo '[rabbitmq_management].' > "$RABBITMQ_DIR/conf/enabled_plugins"
    : > "$RABBITMQ_DIR/conf/rabbitmq-env.conf"
    chmod 644 "$RABBITMQ_DIR/conf/"*
    own_folders rabbitmq "$RABBITMQ_DIR/home" "$RABBITMQ_DIR/mnesia" "$RABBITMQ_DIR/log"

    local started launcher env
    started=$(now_ms)
    rm -f "$RABBITMQ_PID_FILE"
    mapfile -t env < <(rabbitmq_env)
    if [ "$(id -u)" -eq 0 ]; then
        (cd "$RABBITMQ_DIR/home" && exec setsid runuser -u rabbitmq -- env "${env[@]}" "$RABBITMQ_BIN/rabbitmq-server") \
            < /dev/null >> "$RABBITMQ_DIR/log/startup.log" 2>&1 &
    else
        (cd "$RABBITMQ_DIR/home" && exec setsid env "${env[@]}" "$RABBITMQ_BIN/rabbitmq-server") \
            < /dev/null >> "$RABBITMQ_DIR/log/startup.log" 2>&1 &
    fi
    launcher=$!
    local deadline=$(($(now_ms) + 120000))
    while ! port_open "$AMQP_PORT"; do
        if ! kill -0 "$launcher" 2>/dev/null; then
            tail -n 20 "$RABBITMQ_DIR/log/startup.log" >&2 || true
            die 5 "RabbitMQ stopped during start-up: see $RABBITMQ_DIR/log/"
        fi
        [ "$(now_ms)" -lt "$deadline" ] ||
            die 5 "RabbitMQ did not open its AMQP port $AMQP_PORT within 120 s: see $RABBITMQ_DIR/log/; 'scripts/cluster stop' stops it"
        sleep 0.25
    done
    rabbitmqctl_node -q await_startup >/dev/null ||
        die 5 "RabbitMQ opened its port but did not finish booting: see $RABBITMQ_DIR/log/"
    # The plugins start during the boot await_startup waits for; the listener is checked all the same.
    port_open "$RABBITMQ_MANAGEMENT_PORT" ||
        die 5 "RabbitMQ booted but its management API does not listen on port $RABBITMQ_MANAGEMENT_PORT: see $RABBITMQ_DIR/log/"
    local up
    up=$(seconds_since "$started")
    provision_rabbitmq
    pid=$(rabbitmq_pid) || die 5 "RabbitMQ runs but wrote no pid file ($RABBITMQ_PID_FILE)"
    echo "RabbitMQ up in $up s (pid $pid, $(rss_mb "$pid") MB resident)"
}

# Virtual host and user 'govmail' with every permission on that virtual host and the 'management' tag
# (James calls the management API as that user; the tag lets it see its own virtual hosts only, not the
# broker's administration); the password is the one in govmail.secret, set again on every start. The definitions go through standard input, so the password
# never shows in a process list. The default guest user is removed.
provision_rabbitmq() {
    local secret_file="$RABBITMQ_DIR/$GOVMAIL_ACCOUNT.secret" password
    ensure_secret "$secret_file"
    password=$(cat "$secret_file")
    rabbitmqctl_node -q import_definitions --format json >/dev/null <<EOF ||
{
  "vhosts": [ { "name": "$GOVMAIL_ACCOUNT" } ],
  "users": [ { "name": "$GOVMAIL_ACCOUNT", "password": "$password", "tags": "management" } ],
  "permissions": [ { "user": "$GOVMAIL_ACCOUNT", "vhost": "$GOVMAIL_ACCOUNT", "configure": ".*", "write": ".*", "read": ".*" } ]
}
EOF
        die 5 "RabbitMQ: could not create the $GOVMAIL_ACCOUNT user and virtual host"
    local users
    users=$(rabbitmqctl_node -s list_users) || die 5 "RabbitMQ: could not list the users"
    if awk '$1 == "guest" { found = 1 } END { exit !found }' <<< "$users"; then
        rabbitmqctl_node -q delete_user guest >/dev/null
    fi
}

rabbitmq_has_vhost() {
    local vhosts
    vhosts=$(rabbitmqctl_node -q -s list_vhosts name) || die 8 "RabbitMQ: could not list the virtual hosts"
    grep -qxF "$1" <<< "$vhosts"
}

# Virtual host NAME with every permission for the govmail user: a test isolates its exchanges and queues
# there on the shared broker. Idempotent (add_vhost accepts an existing one; the permissions are set again).
rabbitmq_add_vhost() {
    local name=$1 existed=no
    rabbitmq_has_vhost "$name" && existed=yes
    rabbitmqctl_node -q add_vhost "$name" >/dev/null || die 8 "RabbitMQ: could not create the virtual host $name"
    rabbitmqctl_node -q set_permissions -p "$name" "$GOVMAIL_ACCOUNT" '.*' '.*' '.*' >/dev/null ||
        die 8 "RabbitMQ: could not give $GOVMAIL_ACCOUNT the permissions on the virtual host $name"
    if [ "$existed" = yes ]; then
        echo "virtual host $name already there (permissions for $GOVMAIL_ACCOUNT set again)"
    else
        echo "virtual host $name created: amqp://$GOVMAIL_ACCOUNT@127.0.0.1:$AMQP_PORT/$name"
    fi
}

# Deletes virtual host NAME with its exchanges and queues; a virtual host that is not there is no error.
rabbitmq_delete_vhost() {
    local name=$1
    if ! rabbitmq_has_vhost "$name"; then
        echo "virtual host $name not there"
        return 0
    fi
    # Deleted in between by someone else (a parallel test's clean-up) counts as deleted.
    if ! rabbitmqctl_node -q delete_vhost "$name" >/dev/null && rabbitmq_has_vhost "$name"; then
        die 8 "RabbitMQ: could not delete the virtual host $name"
    fi
    echo "virtual host $name deleted"
}

stop_rabbitmq() {
    local pid
    if pid=$(rabbitmq_pid); then
        # With the pid file, rabbitmqctl waits until the Erlang VM has exited.
        if ! rabbitmqctl_node -q stop "$RABBITMQ_PID_FILE" >/dev/null 2>&1; then
            echo "govmail: rabbitmqctl stop failed; sending SIGTERM to pid $pid" >&2
            kill -TERM "$pid" 2>/dev/null || true
            local i
            for i in $(seq 1 60); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.5
            done
            if kill -0 "$pid" 2>/dev/null; then
                kill -KILL "$pid" 2>/dev/null || true
                sleep 1
            fi
        fi
        kill -0 "$pid" 2>/dev/null && return 1
        echo "RabbitMQ stopped (pid $pid)"
    fi
    rm -f "$RABBITMQ_PID_FILE"
    # The broker started its own Erlang port mapper on EPMD_PORT, which outlives it. 'epmd -kill' refuses
    # while a node is still registered, so this never takes a mapper some other node still uses.
    if port_open "$EPMD_PORT" && command -v epmd >/dev/null; then
        ERL_EPMD_PORT=$EPMD_PORT epmd -kill >/dev/null 2>&1 || true
    fi
}

# ---------------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------------

postgres_bin() {
    if [ -n "${GOVMAIL_CLUSTER_PG_BIN:-}" ]; then
        echo "$GOVMAIL_CLUSTER_PG_BIN"
    elif [ -x /usr/lib/postgresql/15/bin/pg_ctl ]; then
        echo /usr/lib/postgresql/15/bin
    else
        # Another major version of the Debian packages, or binaries on the PATH.
        local newest
        newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
        if [ -n "$newest" ]; then
            echo "$newest"
        elif command -v pg_ctl >/dev/null; then
            dirname "$(command -v pg_ctl)"
        else
            return 1
        fi
    fi
}

postgres_pid() {
    live_pid "$PGDATA_DIR/postmaster.pid" "$PGDATA_DIR"
}

# psql as the cluster's superuser over the Unix socket in the folder (peer authentication).
postgres_psql() {
    as_engine_user postgres "$POSTGRES_DIR" "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
        -h "$POSTGRES_DIR/run" -p "$PG_PORT" -d postgres "$@"
}

start_postgres() {
    local pid
    if pid=$(postgres_pid); then
        echo "PostgreSQL already running (pid $pid)"
        return 0
    fi
    PG_BIN=$(postgres_bin) ||
        die 10 "PostgreSQL not found: install it (Debian: apt-get install postgresql) or set GOVMAIL_CLUSTER_PG_BIN"
    require_free_ports PostgreSQL "$PG_PORT"
    mkdir -p "$POSTGRES_DIR/data" "$POSTGRES_DIR/run" "$POSTGRES_DIR/log"
    chmod 700 "$POSTGRES_DIR/data"
    own_folders postgres "$POSTGRES_DIR/data" "$POSTGRES_DIR/run" "$POSTGRES_DIR/log"
    if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
        # Peer authentication on the socket (the superuser is the system user running the cluster), passwords
        # (SCRAM) over TCP: the initdb defaults for local and host connections are replaced.
        as_engine_user postgres "$POSTGRES_DIR" "$PG_BIN/initdb" -D "$PGDATA_DIR" -E UTF8 --locale=C.UTF-8 \
            --auth-local=peer --auth-host=scram-sha-256 > "$POSTGRES_DIR/log/initdb.log" 2>&1 ||
            { tail -n 20 "$POSTGRES_DIR/log/initdb.log" >&2; die 4 "initdb failed: see $POSTGRES_DIR/log/initdb.log"; }
        echo "include_if_exists = 'govmail-cluster.conf'" >> "$PGDATA_DIR/postgresql.conf"
    fi
    # Written on every start, so that a changed port applies.
    cat > "$PGDATA_DIR/govmail-cluster.conf" <<EOF
# Generated by scripts/cluster on every start.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$POSTGRES_DIR/run'
password_encryption = 'scram-sha-256'
shared_buffers = 64MB
max_connections = 100
EOF
    [ "$(id -u)" -ne 0 ] || chown postgres: "$PGDATA_DIR/govmail-cluster.conf"

    local started
    started=$(now_ms)
    as_engine_user postgres "$POSTGRES_DIR" "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$POSTGRES_DIR/log/postgres.log" \
        -w -t 60 start > /dev/null ||
        { tail -n 20 "$POSTGRES_DIR/log/postgres.log" >&2; die 5 "PostgreSQL did not start: see $POSTGRES_DIR/log/postgres.log"; }
    local up
    up=$(seconds_since "$started")
    provision_postgres
    pid=$(postgres_pid) || die 5 "PostgreSQL started but its postmaster.pid names no live process"
    echo "PostgreSQL up in $up s (pid $pid, $(rss_mb "$pid") MB resident)"
}

# Role 'govmail' (password from govmail.secret, set again on every start) owning database 'govmail'.
# The SQL goes through standard input, so the password never shows in a process list.
provision_postgres() {
    local secret_file="$POSTGRES_DIR/$GOVMAIL_ACCOUNT.secret" password
    ensure_secret "$secret_file"
    password=$(cat "$secret_file")
    postgres_psql <<EOF || die 5 "PostgreSQL: could not create the $GOVMAIL_ACCOUNT role and database"
SELECT 'CREATE ROLE $GOVMAIL_ACCOUNT LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$GOVMAIL_ACCOUNT') \gexec
ALTER ROLE $GOVMAIL_ACCOUNT WITH LOGIN PASSWORD '$password';
SELECT 'CREATE DATABASE $GOVMAIL_ACCOUNT OWNER $GOVMAIL_ACCOUNT' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$GOVMAIL_ACCOUNT') \gexec
EOF
}

stop_postgres() {
    local pid
    pid=$(postgres_pid) || return 0
    PG_BIN=$(postgres_bin) || die 10 "PostgreSQL binaries not found (set GOVMAIL_CLUSTER_PG_BIN)"
    # Fast shutdown: open sessions are disconnected, then a clean checkpoint.
    as_engine_user postgres "$POSTGRES_DIR" "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 stop > /dev/null || return 1
    echo "PostgreSQL stopped (pid $pid)"
}
