package org.govmail.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.stream.Stream;

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
        Map<Long, List<String>> commands = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String raw = new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8);
                    commands.put(Long.parseLong(name), new ArrayList<>(List.of(raw.split("\0"))));
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc (Linux only)", e);
        }
        return commands;
    }
}
