package org.govmail.server.wiring.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.backends.cassandra.components.CassandraTable;
import org.apache.james.mailbox.cassandra.modules.CassandraMessageModule;
import org.apache.james.mailbox.cassandra.table.MessageIdToImapUid;
import org.junit.jupiter.api.Test;

/** The rewrite of James' table options for Cassandra 5, and the James internals it reads (pinned to 3.8.1). */
class CassandraSchemaTest {
    @Test
    void compressionOptionsCassandraFiveRefusesAreRenamedAndMoved() {
        String james = "CREATE TABLE mailbox (id timeuuid PRIMARY KEY,name text) WITH caching={'keys':'ALL'}"
            + " AND compression={'class':'LZ4Compressor','chunk_length_kb':8,'crc_check_chance':1.0}";

        assertThat(CassandraSchema.forCassandra5(james)).isEqualTo(
            "CREATE TABLE IF NOT EXISTS mailbox (id timeuuid PRIMARY KEY,name text) WITH caching={'keys':'ALL'}"
                + " AND compression={'class':'LZ4Compressor','chunk_length_in_kb':8} AND crc_check_chance=1.0");
    }

    @Test
    void otherTablesOnlyBecomeIdempotent() {
        String cql = "CREATE TABLE domains (domain text PRIMARY KEY) WITH comment='Holds domains.'";

        assertThat(CassandraSchema.forCassandra5(cql))
            .isEqualTo("CREATE TABLE IF NOT EXISTS domains (domain text PRIMARY KEY) WITH comment='Holds domains.'");
        assertThat(CassandraSchema.forCassandra5(CassandraSchema.forCassandra5(cql))).isEqualTo(CassandraSchema.forCassandra5(cql));
    }

    /** If James moves its table definitions, this fails before a node does. */
    @Test
    void jamesTableDefinitionsAreReadAndRewrittenAsTheyAreRendered() {
        CassandraTable imapUids = CassandraMessageModule.MODULE.moduleTables().stream()
            .filter(table -> table.getName().equals(MessageIdToImapUid.TABLE_NAME))
            .findFirst().orElseThrow();

        String rendered = CassandraSchema.statementOf(imapUids).apply(null).asCql();
        String rewritten = CassandraSchema.forCassandra5(rendered);

        assertThat(rendered).contains("'chunk_length_kb':8");
        assertThat(rewritten)
            .startsWith("CREATE TABLE IF NOT EXISTS imapuidtable")
            .contains("'chunk_length_in_kb':8")
            .doesNotContain("chunk_length_kb")
            .endsWith(" AND crc_check_chance=1.0")
            .containsOnlyOnce("crc_check_chance");
    }
}
