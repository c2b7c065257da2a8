package org.govmail.server.wiring.distributed;

import java.io.File;
import java.net.InetSocketAddress;
import java.time.Duration;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.james.backends.cassandra.components.CassandraModule;
import org.apache.james.backends.cassandra.init.KeyspaceFactory;
import org.apache.james.backends.cassandra.init.configuration.ClusterConfiguration;
import org.apache.james.backends.cassandra.init.configuration.KeyspaceConfiguration;
import org.apache.james.filesystem.api.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;

/**
 * The one Cassandra session of a node, on the keyspace of {@code conf/cassandra.properties}, with James'
 * schema in place before any DAO prepares its statements.
 *
 * <p>James' own session code cannot be used on Cassandra 5: it probes the node with {@code dateof()}, which
 * Cassandra 5 removed. Driver options come from {@code conf/cassandra-driver.conf} (the DataStax driver's
 * format) when present; otherwise the defaults below.
 */
@Singleton
public class CassandraSessionProvider implements Provider<CqlSession> {
    private static final Logger LOGGER = LoggerFactory.getLogger(CassandraSessionProvider.class);
    static final String DRIVER_CONF = "file://conf/cassandra-driver.conf";
    /** The driver's 2 s default times out under load on small machines; James' distributed server ships 5 s. */
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final CqlSession session;

    @Inject
    CassandraSessionProvider(ClusterConfiguration cluster, KeyspaceConfiguration keyspace, CassandraModule schema,
                             FileSystem fileSystem) throws InterruptedException {
        DriverConfigLoader driverConfig = driverConfig(fileSystem);
        if (cluster.shouldCreateKeyspace()) {
            try (CqlSession withoutKeyspace = connect(cluster, driverConfig, null)) {
                KeyspaceFactory.createKeyspace(keyspace, withoutKeyspace).block();
            }
        }
        this.session = connect(cluster, driverConfig, keyspace.getKeyspace());
        CassandraSchema.create(session, schema);
    }

    @Override
    public CqlSession get() {
        return session;
    }

    @PreDestroy
    public void close() {
        session.close();
    }

    private static DriverConfigLoader driverConfig(FileSystem fileSystem) {
        try {
            File file = fileSystem.getFile(DRIVER_CONF);
            if (file.isFile()) {
                LOGGER.info("Cassandra driver options from {}", file);
                return DriverConfigLoader.fromFile(file);
            }
        } catch (java.io.FileNotFoundException e) {
            // the defaults below
        }
        return DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, DEFAULT_REQUEST_TIMEOUT)
            .withString(DefaultDriverOption.REQUEST_CONSISTENCY, "QUORUM")
            .withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, "SERIAL")
            .build();
    }

    /** Retries as conf/cassandra.properties says: a node may start before its Cassandra. */
    private static CqlSession connect(ClusterConfiguration cluster, DriverConfigLoader driverConfig, String keyspace)
            throws InterruptedException {
        int attempt = 0;
        while (true) {
            try {
                CqlSessionBuilder builder = CqlSession.builder()
                    .withConfigLoader(driverConfig)
                    .withLocalDatacenter(cluster.getLocalDC().orElse("datacenter1"));
                cluster.getHosts().forEach(host ->
                    builder.addContactPoint(InetSocketAddress.createUnresolved(host.getHostName(), host.getPort())));
                if (cluster.getUsername().isPresent() && cluster.getPassword().isPresent()) {
                    builder.withAuthCredentials(cluster.getUsername().get(), cluster.getPassword().get());
                }
                if (keyspace != null) {
                    builder.withKeyspace(keyspace);
                }
                return builder.build();
            } catch (RuntimeException e) {
                attempt++;
                if (attempt > cluster.getMaxRetry()) {
                    throw new IllegalStateException("Cannot reach Cassandra at " + cluster.getHosts() + " after " + attempt + " attempts", e);
                }
                LOGGER.warn("Cassandra at {} not reachable (attempt {} of {}): {}", cluster.getHosts(), attempt,
                    cluster.getMaxRetry(), e.getMessage());
                Thread.sleep(cluster.getMinDelay());
            }
        }
    }
}
