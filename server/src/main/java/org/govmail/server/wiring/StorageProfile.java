package org.govmail.server.wiring;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

import org.govmail.server.startup.ExitCode;
import org.govmail.server.startup.ServerLayout;
import org.govmail.server.startup.StartupException;

/**
 * Where mail lives, read from {@code conf/govmail-storage.properties} ({@code profile=}); without that file,
 * {@link #EMBEDDED}.
 */
public enum StorageProfile {
    /** One node: mailboxes on JPA (embedded Derby, or PostgreSQL), Lucene search, ActiveMQ queue on local disk. */
    EMBEDDED,
    /**
     * Many nodes: mailboxes, domains, rewrites and mail repositories on Cassandra, queue and mailbox events on
     * RabbitMQ (conf/cassandra.properties, conf/rabbitmq.properties); accounts stay on the shared JPA database.
     */
    DISTRIBUTED;

    static final String FILE = "govmail-storage.properties";

    public static StorageProfile read(ServerLayout layout) throws StartupException {
        Path file = layout.conf(FILE);
        if (!Files.exists(file)) {
            return EMBEDDED;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new StartupException(ExitCode.CONFIGURATION, "Cannot read " + file + ": " + e.getMessage(), e);
        }
        String value = properties.getProperty("profile", "embedded").trim();
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StartupException(ExitCode.CONFIGURATION,
                file + ": profile=" + value + " is not one of embedded, distributed", e);
        }
    }
}
