package org.govmail.server.wiring.distributed;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.backends.cassandra.components.CassandraModule;
import org.apache.james.backends.cassandra.components.CassandraTable;
import org.apache.james.backends.cassandra.init.CassandraTypesCreator;
import org.apache.james.backends.cassandra.init.CassandraTypesProvider;
import org.apache.james.backends.cassandra.versions.CassandraSchemaVersionDAO;
import org.apache.james.backends.cassandra.versions.CassandraSchemaVersionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.querybuilder.schema.CreateTableWithOptions;

/**
 * Creates James' Cassandra schema on Cassandra 5.
 *
 * <p>James 3.8.1 was built against Cassandra 4, and two of its mandatory tables ({@code mailbox},
 * {@code imapUidTable}) ask for the compression option {@code chunk_length_kb} and a {@code crc_check_chance}
 * inside the compression map, both refused by Cassandra 5 ("Unknown compression options"). James' own table
 * manager fails the whole schema on them, so every table is created here from James' own definition with
 * those options rewritten ({@link #forCassandra5}). James then records no schema version, which would keep the
 * ACL store on its old V1 layout: a fresh keyspace gets the newest version, as James would have written.
 */
final class CassandraSchema {
    private static final Logger LOGGER = LoggerFactory.getLogger(CassandraSchema.class);
    private static final Pattern CHUNK_LENGTH = Pattern.compile("'chunk_length_kb'");
    private static final Pattern CRC_IN_COMPRESSION = Pattern.compile("(compression=\\{[^}]*?),\\s*'crc_check_chance':\\s*([0-9.]+)([^}]*})");
    /** Creating a table waits for schema agreement; the driver's default request timeout is too short for it. */
    private static final Duration TABLE_CREATION_TIMEOUT = Duration.ofSeconds(60);

    private CassandraSchema() {
    }

    /** Creates the missing types and tables of {@code module} in the session's keyspace; returns how many tables it created. */
    static int create(CqlSession session, CassandraModule module) {
        new CassandraTypesCreator(module, session).initializeTypes();
        KeyspaceMetadata keyspace = session.getMetadata().getKeyspace(session.getKeyspace().orElseThrow())
            .orElseThrow(() -> new IllegalStateException("keyspace " + session.getKeyspace() + " does not exist"));
        CassandraTypesProvider types = new CassandraTypesProvider(session);
        // One statement at a time costs a schema agreement round each (about 1.5 s, over a minute for a new
        // keyspace); the tables are independent, so they are created together.
        List<CompletableFuture<?>> creations = new ArrayList<>();
        for (CassandraTable table : module.moduleTables()) {
            if (keyspace.getTable(table.getName()).isEmpty()) {
                String cql = forCassandra5(statementOf(table).apply(types).asCql());
                creations.add(session.executeAsync(SimpleStatement.newInstance(cql).setTimeout(TABLE_CREATION_TIMEOUT))
                    .toCompletableFuture());
            }
        }
        CompletableFuture.allOf(creations.toArray(CompletableFuture[]::new)).join();
        int created = creations.size();
        CassandraSchemaVersionDAO versions = new CassandraSchemaVersionDAO(session);
        if (versions.getCurrentSchemaVersion().block().isEmpty()) {
            versions.updateVersion(CassandraSchemaVersionManager.MAX_VERSION).block();
            LOGGER.info("Recorded Cassandra schema version {} in a new keyspace", CassandraSchemaVersionManager.MAX_VERSION.getValue());
        }
        if (created > 0) {
            LOGGER.info("Created {} of {} Cassandra tables", created, module.moduleTables().size());
        }
        return created;
    }

    /**
     * James' CQL with the table options Cassandra 5 renamed or moved, and {@code IF NOT EXISTS}, so that nodes
     * starting together on a new keyspace do not fail on each other's tables.
     */
    static String forCassandra5(String cql) {
        String idempotent = cql.startsWith("CREATE TABLE ") && !cql.startsWith("CREATE TABLE IF NOT EXISTS ")
            ? "CREATE TABLE IF NOT EXISTS " + cql.substring("CREATE TABLE ".length()) : cql;
        String renamed = CHUNK_LENGTH.matcher(idempotent).replaceAll("'chunk_length_in_kb'");
        Matcher crc = CRC_IN_COMPRESSION.matcher(renamed);
        if (!crc.find()) {
            return renamed;
        }
        // crc_check_chance is a table option of its own since Cassandra 3.0.
        return renamed.substring(0, crc.start()) + crc.group(1) + crc.group(3) + renamed.substring(crc.end())
            + " AND crc_check_chance=" + crc.group(2);
    }

    /**
     * James keeps each table's statement in a private field of {@link CassandraTable} (3.8.1); reading it is the
     * only way to reuse James' schema instead of copying it. {@code CassandraSchemaTest} pins that field.
     */
    @SuppressWarnings("unchecked")
    static Function<CassandraTypesProvider, CreateTableWithOptions> statementOf(CassandraTable table) {
        try {
            Field field = CassandraTable.class.getDeclaredField("createStatement");
            field.setAccessible(true);
            return (Function<CassandraTypesProvider, CreateTableWithOptions>) field.get(table);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("This James version keeps its Cassandra table definitions elsewhere", e);
        }
    }

    static List<String> tableNames(CassandraModule module) {
        return module.moduleTables().stream().map(CassandraTable::getName).toList();
    }
}
