# The govmail nodes of scripts/cluster: N govmail servers on 127.0.0.1 against the shared engines, each its
# own process and installation folder var/cluster/node-<i>/ (conf/ generated from the checkout's conf/,
# var/ its own). Source lib.sh and lib-cluster.sh first.
# shellcheck shell=bash

NODE_HEAP=${GOVMAIL_CLUSTER_NODE_HEAP:-512m}
# Node i listens on every port of the shipped configuration + NODE_PORT_BASE + 100 * i.
NODE_PORT_BASE=${GOVMAIL_CLUSTER_NODE_PORT_BASE:-10000}
NODE_PORT_STEP=100
# distributed: mailboxes in Cassandra, events and mail queue on RabbitMQ, govmail's state on PostgreSQL.
# embedded: the embedded profile's JPA storage, all of it on the shared PostgreSQL (mail queue per node).
NODE_PROFILE=${GOVMAIL_CLUSTER_NODE_PROFILE:-distributed}
NODE_READY_TIMEOUT_S=180
NODE_STOP_TIMEOUT_S=60

# What a node generates in its conf/ on first start (git-ignored in the checkout): kept when conf/ is
# written again, never copied from the checkout.
NODE_GENERATED_CONF=(jmxremote.password jmxremote.access tokens)
# Material node 1 generates on first start that every node must share (paths inside the node folder):
# development PKI (client certificates issued on one node verify on all), identity provider (an assertion
# signed for one node is accepted by all), front-end secret and token signing key (a token issued by one
# node is valid on all), the dev TLS CA and server key (clients trust one CA), the admin secret (one
# WebAdmin/JMX password).
NODE_SHARED_MATERIAL=(var/pki/dev var/identity/dev var/frontend/dev var/tls conf/tokens conf/jmxremote.password conf/jmxremote.access)

node_dir() {
    echo "$CLUSTER_DIR/node-$1"
}

# The pid of node i when it runs. The wrapper writes node.pid before it becomes the JVM (the server's own
# var/govmail.pid appears only once it is ready, and stays behind after a crash: the server reads that as
# "did not stop cleanly"). The marker is the node's working directory, ended by the space that separates
# arguments, so node-1 is not taken for node-10, nor another checkout's node-1 for this one.
node_pid() {
    local dir
    dir=$(node_dir "$1")
    live_pid "$dir/node.pid" "-Dworking.directory=$dir "
}

# Indexes of the node folders that exist, ascending.
node_indexes() {
    local dir
    for dir in "$CLUSTER_DIR"/node-*; do
        [ -d "$dir" ] || continue
        case "${dir##*/node-}" in
            ''|*[!0-9]*) continue ;;
        esac
        echo "${dir##*/node-}"
    done | sort -n
}

require_node_index() {
    case "${1:-}" in
        ''|0|0*|*[!0-9]*) return 1 ;;
    esac
}

pid_alive() {
    kill -0 "$1" 2>/dev/null || return 1
    case "$(ps -o stat= -p "$1" 2>/dev/null)" in
        Z*|"") return 1 ;;
    esac
}

# ---------------------------------------------------------------------------------------------------
# The node's conf/
# ---------------------------------------------------------------------------------------------------

# Shifts every port of the configuration files given: the whole number after "127.0.0.1:" (XML and
# properties) and the value of a "...port=<number>" key (properties; comment lines are left alone).
shift_ports() {
    local offset=$1 properties=$2
    shift 2
    [ $# -gt 0 ] || return 0
    OFFSET=$offset PROPERTIES=$properties perl -pi -e '
        sub shifted {
            my $port = $_[0] + $ENV{OFFSET};
            die "port $_[0] of $ARGV becomes $port, beyond 65535: lower GOVMAIL_CLUSTER_NODE_PORT_BASE or the node count\n" if $port > 65535;
            return $port;
        }
        next if $ENV{PROPERTIES} && /^\s*[#!]/;
        next if $ENV{PROPERTIES} && s/^(\s*[\w.-]*port\s*[=:]\s*)(\d+)(\s*)$/$1 . shifted($2) . $3/e;
        s/(?<![\d.])127\.0\.0\.1:(\d+)(?!\d)/"127.0.0.1:" . shifted($1)/ge;
    ' "$@"
}

# set_property FILE KEY VALUE [replace]: every uncommented KEY line gets VALUE; a KEY that is not there is
# appended, or with "replace" is an error (exit 3: a shipped file that lacks the key is out of step with
# this script). The value travels in the environment, so no character of it is interpreted.
set_property() {
    local file=$1 key=$2 value=$3 mode=${4:-add} status=0
    [ -f "$file" ] || { [ "$mode" = add ] && : > "$file"; } || die 3 "$file is missing"
    (umask 077 && KEY=$key VALUE=$value MODE=$mode awk '
        BEGIN { key = ENVIRON["KEY"]; found = 0 }
        {
            line = $0
            sub(/^[ \t]+/, "", line)
            if (substr(line, 1, length(key)) == key && substr(line, length(key) + 1) ~ /^[ \t]*[=:]/) {
                print key "=" ENVIRON["VALUE"]
                found = 1
                next
            }
            print
        }
        END {
            if (!found) {
                if (ENVIRON["MODE"] == "replace") exit 3
                print key "=" ENVIRON["VALUE"]
            }
        }' "$file" > "$file.new") || status=$?
    if [ "$status" -ne 0 ]; then
        rm -f "$file.new"
        [ "$status" -eq 3 ] && die 3 "$file has no $key line: the shipped configuration and scripts/cluster are out of step"
        die 3 "could not rewrite $file"
    fi
    chmod --reference="$file" "$file.new"
    mv "$file.new" "$file"
}

# Writes node i's conf/ again from the checkout's conf/ (so that changes there and changed engine ports
# apply): ports shifted, the engines' addresses and passwords in, what the node generated kept. Only for a
# node that does not run.
write_node_conf() {
    local i=$1 dir conf fresh offset file rabbit_password pg_password
    dir=$(node_dir "$i")
    conf="$dir/conf"
    fresh="$dir/conf.new"
    offset=$((NODE_PORT_BASE + NODE_PORT_STEP * i))
    [ -d "$GOVMAIL_HOME/conf" ] || die 3 "$GOVMAIL_HOME/conf is missing"
    pg_password=$(cat "$POSTGRES_DIR/$GOVMAIL_ACCOUNT.secret" 2>/dev/null) ||
        die 7 "no PostgreSQL password yet ($POSTGRES_DIR/$GOVMAIL_ACCOUNT.secret): the engines never started"

    mkdir -p "$dir/var/log"
    rm -rf "$fresh"
    mkdir -m 700 "$fresh"
    local generated exclude=()
    for generated in "${NODE_GENERATED_CONF[@]}"; do
        exclude+=(! -name "$generated")
    done
    find "$GOVMAIL_HOME/conf" -mindepth 1 -maxdepth 1 "${exclude[@]}" -exec cp -R {} "$fresh/" \;
    for generated in "${NODE_GENERATED_CONF[@]}"; do
        if [ -e "$conf/$generated" ]; then
            cp -a "$conf/$generated" "$fresh/"
        fi
    done

    local xml=() properties=()
    for file in "$fresh"/*.xml; do [ -f "$file" ] && xml+=("$file"); done
    for file in "$fresh"/*.properties; do [ -f "$file" ] && properties+=("$file"); done
    shift_ports "$offset" "" "${xml[@]}" || die 3 "node-$i: could not shift the ports of its conf/"
    shift_ports "$offset" 1 "${properties[@]}" || die 3 "node-$i: could not shift the ports of its conf/"

    # Written after the ports are shifted: these addresses are the engines', the same for every node.
    set_property "$fresh/govmail-storage.properties" profile "$NODE_PROFILE"
    local database="$fresh/james-database.properties"
    chmod 600 "$database"
    set_property "$database" database.driverClassName org.postgresql.Driver replace
    set_property "$database" database.url "jdbc:postgresql://127.0.0.1:$PG_PORT/$GOVMAIL_ACCOUNT" replace
    set_property "$database" database.username "$GOVMAIL_ACCOUNT" replace
    set_property "$database" database.password "$pg_password" replace
    set_property "$database" datasource.validationQuery "select 1" replace
    set_property "$database" openjpa.jdbc.DBDictionary postgres replace
    if [ "$NODE_PROFILE" = distributed ]; then
        rabbit_password=$(cat "$RABBITMQ_DIR/$GOVMAIL_ACCOUNT.secret" 2>/dev/null) ||
            die 7 "no RabbitMQ password yet ($RABBITMQ_DIR/$GOVMAIL_ACCOUNT.secret): the engines never started"
        local cassandra="$fresh/cassandra.properties" rabbitmq="$fresh/rabbitmq.properties"
        set_property "$cassandra" cassandra.nodes "127.0.0.1:$CQL_PORT"
        set_property "$cassandra" cassandra.keyspace.create true
        set_property "$cassandra" cassandra.keyspace "$GOVMAIL_ACCOUNT"
        set_property "$cassandra" cassandra.replication.factor 1
        set_property "$cassandra" cassandra.local.dc datacenter1
        [ -f "$rabbitmq" ] || (umask 077 && : > "$rabbitmq")
        chmod 600 "$rabbitmq"
        set_property "$rabbitmq" uri "amqp://$GOVMAIL_ACCOUNT:$rabbit_password@127.0.0.1:$AMQP_PORT/$GOVMAIL_ACCOUNT"
        set_property "$rabbitmq" management.uri "http://127.0.0.1:$RABBITMQ_MANAGEMENT_PORT"
        set_property "$rabbitmq" management.user "$GOVMAIL_ACCOUNT"
        set_property "$rabbitmq" management.password "$rabbit_password"
        set_property "$rabbitmq" vhost "$GOVMAIL_ACCOUNT"
        [ -f "$fresh/mailetcontainer.xml" ] || die 3 "$GOVMAIL_HOME/conf/mailetcontainer.xml is missing"
        perl -pi -e 's{(?<=[>"'\''])jpa://}{cassandra://}g' "$fresh/mailetcontainer.xml"
    fi

    rm -rf "$conf"
    mv "$fresh" "$conf"
}

# The listeners of a conf/ folder as "name port" lines: the enabled servers of the protocol files (named
# after their jmxName: smtp, submission, smtps, imap, imaps, pop3, managesieve, lmtp), then WebAdmin and
# JMX when enabled.
listener_ports() {
    local conf=$1 file
    [ -d "$conf" ] || return 0
    for file in smtpserver imapserver pop3server managesieveserver lmtpserver; do
        [ -f "$conf/$file.xml" ] || continue
        awk '
            /<[a-z0-9]+server[ >]/ { inside = 1; enabled = ($0 !~ /enabled="false"/); name = ""; binds = "" }
            inside && /<jmxName>/ { name = $0; sub(/.*<jmxName>[ \t]*/, "", name); sub(/[ \t]*<\/jmxName>.*/, "", name) }
            inside && /<bind>/ { bind = $0; sub(/.*<bind>[ \t]*/, "", bind); sub(/[ \t]*<\/bind>.*/, "", bind); binds = binds "," bind }
            /<\/[a-z0-9]+server>/ {
                if (inside && enabled) {
                    n = split(binds, addresses, ",")
                    for (k = 1; k <= n; k++) {
                        if (addresses[k] ~ /:[0-9]+[ \t]*$/) {
                            port = addresses[k]; sub(/.*:/, "", port); sub(/[ \t]+$/, "", port)
                            print name, port
                        }
                    }
                }
                inside = 0
            }' "$conf/$file.xml"
    done | awk '
        { key = $1 }
        key == "smtpserver-mx" { key = "smtp" }
        key == "smtpserver-submission" { key = "submission" }
        key == "smtpserver-smtps" { key = "smtps" }
        key == "imapserver" { key = "imap" }
        key == "imapserver-ssl" { key = "imaps" }
        key == "pop3server" { key = "pop3" }
        key == "managesieveserver" { key = "managesieve" }
        key == "lmtpserver" { key = "lmtp" }
        { print key, $2 }'
    if [ -f "$conf/webadmin.properties" ] && grep -qE '^[[:space:]]*enabled[[:space:]]*[=:][[:space:]]*true' "$conf/webadmin.properties"; then
        sed -nE 's/^[[:space:]]*port[[:space:]]*[=:][[:space:]]*([0-9]+)[[:space:]]*$/webadmin \1/p' "$conf/webadmin.properties"
    fi
    if [ -f "$conf/jmx.properties" ] && grep -qE '^[[:space:]]*jmx\.enabled[[:space:]]*[=:][[:space:]]*true' "$conf/jmx.properties"; then
        sed -nE 's/^[[:space:]]*jmx\.port[[:space:]]*[=:][[:space:]]*([0-9]+)[[:space:]]*$/jmx \1/p' "$conf/jmx.properties"
    fi
}

node_ports() {
    listener_ports "$(node_dir "$1")/conf"
}

# The ports node i will have, from the checkout's conf/: checked before anything starts.
planned_node_ports() {
    listener_ports "$GOVMAIL_HOME/conf" | awk -v offset=$((NODE_PORT_BASE + NODE_PORT_STEP * $1)) '{ print $1, $2 + offset }'
}

# Copies into node i (i > 1) what node 1 generated and it does not have yet: a node that has its own
# (a restart) keeps it. Material node 1 does not have (the configuration does not use it) is skipped.
share_node1_material() {
    local i=$1 source target path
    [ "$i" -gt 1 ] || return 0
    source=$(node_dir 1)
    target=$(node_dir "$i")
    for path in "${NODE_SHARED_MATERIAL[@]}"; do
        if [ ! -e "$source/$path" ] || [ -e "$target/$path" ]; then
            continue
        fi
        mkdir -p "$(dirname "$target/$path")"
        cp -a "$source/$path" "$target/$path"
    done
}

# ---------------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------------

# Starts node i in the background, in its own session, output appended to var/log/console.log. The JVM's
# class-data sharing notes are off: writing the archive on the first stop printed about 1 000 lines of
# "Skipping ..." warnings there.
launch_node() {
    local i=$1 dir options=() option sharing
    dir=$(node_dir "$i")
    mkdir -p "$dir/var/log" "$dir/var/cds"
    for option in $GOVMAIL_DEFAULT_JAVA_OPTS; do
        case "$option" in
            -Xmx*) ;;
            *) options+=("$option") ;;
        esac
    done
    sharing=$(class_data_sharing "$dir/var/cds/govmail.jsa")
    rm -f "$dir/node.pid"
    # shellcheck disable=SC2016 # $$ and $@ belong to the wrapper shell, which writes its pid and becomes java
    (cd "$dir" && exec setsid bash -c 'echo $$ > "$0"; exec "$@"' "$dir/node.pid" \
        java "${options[@]}" "-Xmx$NODE_HEAP" "$sharing" -Xlog:cds=off \
        -Dworking.directory="$dir" \
        -Dgovmail.node="node-$i" \
        -Dlogback.configurationFile="$dir/conf/logback.xml" \
        -Dgovmail.log.dir="$dir/var/log" \
        -cp "$(server_classpath)" org.govmail.server.GovmailServerMain) \
        < /dev/null >> "$dir/var/log/console.log" 2>&1 &
}

# Size of node i's console log, so that only what a start adds to it is searched for the ready line.
console_size() {
    local log
    log="$(node_dir "$1")/var/log/console.log"
    if [ -f "$log" ]; then stat -c %s "$log"; else echo 0; fi
}

# Starts the nodes given (folders prepared, ports checked) together and waits until each has printed
# "govmail ready" past its console log's former end. Exit 5 when one died or timed out (each is named).
start_and_wait_nodes() {
    local i failed=() pending=() now offsets=() started=()
    for i in "$@"; do
        share_node1_material "$i"
        offsets[i]=$(console_size "$i")
        started[i]=$(now_ms)
        launch_node "$i"
        pending+=("$i")
    done
    while [ ${#pending[@]} -gt 0 ]; do
        sleep 0.5
        local still=() dir log pid
        for i in "${pending[@]}"; do
            dir=$(node_dir "$i")
            log="$dir/var/log/console.log"
            now=$(now_ms)
            # Not "tail | grep -q": grep ends at the first match and tail's SIGPIPE would fail the pipeline.
            if grep -q '^govmail ready' < <(tail -c +$((offsets[i] + 1)) "$log" 2>/dev/null); then
                pid=$(node_pid "$i") || pid="?"
                echo "node-$i up in $(seconds_since "${started[$i]}") s (pid $pid, $(rss_mb "$pid") MB resident)"
                continue
            fi
            pid=$(head -n 1 "$dir/node.pid" 2>/dev/null | tr -dc '0-9')
            if { [ -n "$pid" ] && ! pid_alive "$pid"; } || { [ -z "$pid" ] && [ "$now" -gt $((started[i] + 5000)) ]; }; then
                # The end of what this start wrote, without stack frames: the causes James gives.
                tail -c +$((offsets[i] + 1)) "$log" 2>/dev/null |
                    grep -v -e '^[[:space:]]*at ' -e '^[[:space:]]*\.\.\. [0-9]* \(common frames omitted\|more\)' -e '\[cds\]' | tail -n 12 >&2 || true
                echo "govmail: node-$i stopped during start-up: see $log and $dir/var/log/govmail.log" >&2
                failed+=("node-$i")
                continue
            fi
            if [ "$now" -gt $((started[i] + NODE_READY_TIMEOUT_S * 1000)) ]; then
                echo "govmail: node-$i did not print 'govmail ready' within $NODE_READY_TIMEOUT_S s (still starting? see $log; 'scripts/cluster stop' stops it)" >&2
                failed+=("node-$i")
                continue
            fi
            still+=("$i")
        done
        pending=("${still[@]}")
    done
    [ ${#failed[@]} -eq 0 ] || die 5 "did not start: ${failed[*]}; 'scripts/cluster nodes' lists those that run"
}

# Prepares and starts the nodes given that do not run yet: node 1 first and alone (it generates the shared
# material), then the others together. Every port of every one of them is checked before any starts.
# Exit 5 when one does not start.
start_node_list() {
    local i to_start=()
    for i in "$@"; do
        local pid
        if pid=$(node_pid "$i"); then
            echo "node-$i already running (pid $pid)"
        else
            to_start+=("$i")
        fi
    done
    [ ${#to_start[@]} -gt 0 ] || return 0
    require_tools
    build_if_needed
    local first=no others=()
    for i in "${to_start[@]}"; do
        # The admin secret stands for all the material node 1 generates on its first start.
        if [ "$i" -gt 1 ] && [ "${to_start[0]}" -ne 1 ] && [ ! -e "$(node_dir 1)/conf/jmxremote.password" ] &&
                [ ! -e "$(node_dir "$i")/conf/jmxremote.password" ]; then
            die 7 "node-$i needs the material node-1 generates on its first start: start node 1 first"
        fi
        write_node_conf "$i"
    done
    for i in "${to_start[@]}"; do
        local ports
        ports=$(node_ports "$i" | awk '{ print $2 }' | tr '\n' ' ')
        [ -n "$ports" ] || die 3 "node-$i: no listener found in $(node_dir "$i")/conf"
        # shellcheck disable=SC2086
        require_free_ports "node-$i" $ports
        if [ "$i" -eq 1 ]; then first=yes; else others+=("$i"); fi
    done
    if [ "$first" = yes ]; then
        start_and_wait_nodes 1
    fi
    if [ ${#others[@]} -gt 0 ]; then
        start_and_wait_nodes "${others[@]}"
    fi
}

# SIGTERM to every node that runs (James stops its listeners and the server removes var/govmail.pid),
# SIGKILL after NODE_STOP_TIMEOUT_S. Returns 1 when one survives even that.
stop_all_nodes() {
    local i pid pids=() names=()
    for i in $(node_indexes); do
        if pid=$(node_pid "$i"); then
            kill -TERM "$pid" 2>/dev/null || true
            pids+=("$pid")
            names+=("node-$i")
        fi
    done
    [ ${#pids[@]} -gt 0 ] || return 0
    local deadline=$(($(now_ms) + NODE_STOP_TIMEOUT_S * 1000)) k alive
    while :; do
        alive=0
        for k in "${!pids[@]}"; do
            pid_alive "${pids[$k]}" && alive=$((alive + 1))
        done
        if [ "$alive" -eq 0 ] || [ "$(now_ms)" -ge "$deadline" ]; then
            break
        fi
        sleep 0.5
    done
    local survivors=0
    for k in "${!pids[@]}"; do
        if pid_alive "${pids[$k]}"; then
            echo "govmail: ${names[$k]} (pid ${pids[$k]}) still running $NODE_STOP_TIMEOUT_S s after SIGTERM: killing it" >&2
            kill -KILL "${pids[$k]}" 2>/dev/null || true
            sleep 1
            if pid_alive "${pids[$k]}"; then survivors=$((survivors + 1)); continue; fi
            echo "${names[$k]} killed (pid ${pids[$k]})"
        else
            echo "${names[$k]} stopped (pid ${pids[$k]})"
        fi
    done
    [ "$survivors" -eq 0 ]
}

# One line per node folder: "node-<i> pid=<pid or -> <listener>=<port> ...".
print_nodes() {
    local i pid ports
    for i in $(node_indexes); do
        pid=$(node_pid "$i") || pid=-
        ports=$(node_ports "$i" | awk '{ printf " %s=%s", $1, $2 }')
        echo "node-$i pid=$pid$ports"
    done
}

# For status: each node folder, running (pid, resident memory, which of its ports are open) or not (and
# then any of its ports that another program holds).
node_status_lines() {
    local i pid name port listeners open total
    for i in $(node_indexes); do
        listeners=""
        open=0
        total=0
        if pid=$(node_pid "$i"); then
            while read -r name port; do
                total=$((total + 1))
                if port_open "$port"; then
                    open=$((open + 1))
                    listeners+="${listeners:+, }$name $port"
                else
                    listeners+="${listeners:+, }$name $port closed"
                fi
            done < <(node_ports "$i")
            printf '%-11s running (pid %s, %s MB resident), %d of %d ports open: %s\n' \
                "node-$i" "$pid" "$(rss_mb "$pid")" "$open" "$total" "$listeners"
        else
            while read -r name port; do
                if port_open "$port"; then
                    listeners+="${listeners:+, }$name $port"
                fi
            done < <(node_ports "$i")
            printf '%-11s stopped%s\n' "node-$i" "${listeners:+, but taken by another program: $listeners}"
        fi
    done
}
