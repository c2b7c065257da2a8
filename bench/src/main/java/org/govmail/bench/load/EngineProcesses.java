package org.govmail.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * The engines of the distributed profile and the PostgreSQL of the test harness, found among the machine's
 * processes by their command lines (they are not children of the benchmark: {@code scripts/cluster} and
 * {@code pg_ctl} start them detached), so that their memory and CPU can be read beside govmail's.
 */
public final class EngineProcesses {
    public static final String CASSANDRA = "Cassandra";
    public static final String RABBITMQ = "RabbitMQ";
    public static final String POSTGRESQL = "PostgreSQL";

    private EngineProcesses() {
    }

    /**
     * Engine name → its top process (descendants are counted by {@link ProcessResources}): Cassandra, RabbitMQ
     * (the Erlang VM), and, when {@code postgresPort} is given, the PostgreSQL server listening there. An engine
     * that does not run is left out.
     */
    public static Map<String, ProcessResources> find(OptionalInt postgresPort) {
        Map<Long, List<String>> commands = commandLines();
        Map<String, ProcessResources> engines = new LinkedHashMap<>();
        first(commands, args -> args.contains("org.apache.cassandra.service.CassandraDaemon"))
            .ifPresent(pid -> engines.put(CASSANDRA, new ProcessResources(List.of(pid))));
        first(commands, args -> !args.isEmpty() && args.get(0).endsWith("beam.smp") && args.contains("rabbit"))
            .ifPresent(pid -> engines.put(RABBITMQ, new ProcessResources(List.of(pid))));
        if (postgresPort.isPresent()) {
            String port = "port=" + postgresPort.getAsInt();
            // The postmaster: its command line carries the options pg_ctl passed (-c port=...); its backends' do not.
            first(commands, args -> !args.isEmpty() && args.get(0).endsWith("/postgres") && args.stream().anyMatch(port::equals))
                .ifPresent(pid -> engines.put(POSTGRESQL, new ProcessResources(List.of(pid))));
        }
        return engines;
    }

    private static java.util.Optional<Long> first(Map<Long, List<String>> commands, Predicate<List<String>> matches) {
        return commands.entrySet().stream().filter(entry -> matches.test(entry.getValue())).map(Map.Entry::getKey).sorted().findFirst();
    }

    private static Map<Long, List<String>> commandLines() {
        return ProcFiles.readAll("cmdline", content -> List.of(new String(content, StandardCharsets.UTF_8).split("\0")));
    }
}
