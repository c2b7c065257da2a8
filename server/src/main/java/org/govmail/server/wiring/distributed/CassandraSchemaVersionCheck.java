package org.govmail.server.wiring.distributed;

import javax.inject.Inject;

import org.apache.james.backends.cassandra.versions.CassandraSchemaVersionManager;
import org.apache.james.lifecycle.api.StartUpCheck;

/**
 * Refuses to start on a keyspace whose schema this James version cannot read (older than it supports, or
 * written by a newer James); an upgradable one starts with a warning in the check's description.
 */
class CassandraSchemaVersionCheck implements StartUpCheck {
    private final CassandraSchemaVersionManager versions;

    @Inject
    CassandraSchemaVersionCheck(CassandraSchemaVersionManager versions) {
        this.versions = versions;
    }

    @Override
    public CheckResult check() {
        CassandraSchemaVersionManager.SchemaState state = versions.computeSchemaState();
        String description = "Cassandra schema version " + versions.computeVersion().block().getValue()
            + ", this server supports " + versions.getMinimumSupportedVersion().getValue()
            + " to " + versions.getMaximumSupportedVersion().getValue() + ": " + state;
        boolean usable = state == CassandraSchemaVersionManager.SchemaState.UP_TO_DATE
            || state == CassandraSchemaVersionManager.SchemaState.UPGRADABLE;
        return CheckResult.builder()
            .checkName(checkName())
            .resultType(usable ? ResultType.GOOD : ResultType.BAD)
            .description(description)
            .build();
    }

    @Override
    public String checkName() {
        return "CassandraSchemaVersion";
    }
}
