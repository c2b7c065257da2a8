package org.govmail.bench;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;

/**
 * Removes what one distributed installation of the benchmark left on the shared engines once its nodes are
 * stopped: its keyspace (a 10 000-message mailbox is hundreds of megabytes there) and its RabbitMQ virtual
 * host. The test harness keeps them (a test's data is small and a developer may want to look); the benchmark
 * runs on engines other work shares, so it takes its data away again. The engines themselves are untouched.
 */
final class DistributedSpace {
    private DistributedSpace() {
    }

    /** {@code conf} is node 1's configuration folder; the checkout is the one whose scripts/cluster runs the engines. */
    static void drop(Path conf, Path checkout) throws IOException, InterruptedException {
        Properties cassandra = properties(conf.resolve("cassandra.properties"));
        String keyspace = cassandra.getProperty("cassandra.keyspace");
        if (keyspace == null || !keyspace.matches("t[0-9a-f]+")) {
            throw new IllegalStateException("not a keyspace of the test harness: " + keyspace);
        }
        String[] contact = cassandra.getProperty("cassandra.nodes").split(",")[0].trim().split(":");
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(120))
            .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(120))
            .build();
        try (CqlSession session = CqlSession.builder().withConfigLoader(config)
                .addContactPoint(InetSocketAddress.createUnresolved(contact[0], Integer.parseInt(contact[1])))
                .withLocalDatacenter(cassandra.getProperty("cassandra.local.dc", "datacenter1")).build()) {
            session.execute("DROP KEYSPACE IF EXISTS " + keyspace);
        }
        String uri = properties(conf.resolve("rabbitmq.properties")).getProperty("uri");
        String virtualHost = URI.create(uri).getPath().substring(1);
        Process process = new ProcessBuilder(List.of("scripts/cluster", "vhost-delete", virtualHost)).directory(checkout.toFile())
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("scripts/cluster vhost-delete " + virtualHost + " failed");
        }
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
