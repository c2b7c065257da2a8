package org.govmail.server.wiring.distributed;

import java.io.FileNotFoundException;
import java.util.Set;

import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.backends.cassandra.components.CassandraModule;
import org.apache.james.backends.cassandra.init.CassandraZonedDateTimeModule;
import org.apache.james.backends.cassandra.init.configuration.CassandraConfiguration;
import org.apache.james.backends.cassandra.init.configuration.ClusterConfiguration;
import org.apache.james.backends.cassandra.init.configuration.KeyspaceConfiguration;
import org.apache.james.backends.cassandra.utils.CassandraHealthCheck;
import org.apache.james.backends.cassandra.versions.CassandraSchemaVersionDAO;
import org.apache.james.backends.cassandra.versions.CassandraSchemaVersionManager;
import org.apache.james.backends.cassandra.versions.CassandraSchemaVersionModule;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.mailbox.store.BatchSizes;
import org.apache.james.utils.PropertiesProvider;

import com.datastax.oss.driver.api.core.CqlSession;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

/**
 * The Cassandra session and schema, from {@code conf/cassandra.properties} (James' keys: {@code cassandra.nodes},
 * {@code cassandra.keyspace}, {@code cassandra.keyspace.create}, {@code cassandra.replication.factor},
 * {@code cassandra.local.dc}, {@code cassandra.user}, {@code cassandra.password},
 * {@code cassandra.retryConnection.maxRetries}, {@code cassandra.retryConnection.minDelay}, and the consistency
 * and read-repair options of James' {@code CassandraConfiguration}). Every module adds the tables it needs to the
 * {@code Set<CassandraModule>}; the session creates them before it is handed out.
 */
class CassandraSessionModule extends AbstractModule {
    static final String FILE = "cassandra";
    static final String DEFAULT_KEYSPACE = "govmail";

    @Override
    protected void configure() {
        bind(CqlSession.class).toProvider(CassandraSessionProvider.class).in(Scopes.SINGLETON);
        Multibinder<CassandraModule> tables = Multibinder.newSetBinder(binder(), CassandraModule.class);
        tables.addBinding().toInstance(CassandraZonedDateTimeModule.MODULE);
        tables.addBinding().toInstance(CassandraSchemaVersionModule.MODULE);
        bind(CassandraSchemaVersionDAO.class).in(Scopes.SINGLETON);
        bind(CassandraSchemaVersionManager.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(CassandraHealthCheck.class);
        Multibinder.newSetBinder(binder(), org.apache.james.lifecycle.api.StartUpCheck.class)
            .addBinding().to(CassandraSchemaVersionCheck.class);
    }

    @Provides
    @Singleton
    CassandraModule schema(Set<CassandraModule> modules) {
        return CassandraModule.aggregateModules(modules);
    }

    @Provides
    @Singleton
    ClusterConfiguration cluster(PropertiesProvider properties) throws ConfigurationException, FileNotFoundException {
        return ClusterConfiguration.from(properties.getConfiguration(FILE));
    }

    @Provides
    @Singleton
    KeyspaceConfiguration keyspace(PropertiesProvider properties) throws ConfigurationException, FileNotFoundException {
        Configuration configuration = properties.getConfiguration(FILE);
        return KeyspaceConfiguration.builder()
            .keyspace(configuration.getString("cassandra.keyspace", DEFAULT_KEYSPACE))
            .replicationFactor(configuration.getInt("cassandra.replication.factor", 1))
            .durableWrites(true);
    }

    @Provides
    @Singleton
    CassandraConfiguration configuration(PropertiesProvider properties) throws ConfigurationException, FileNotFoundException {
        return CassandraConfiguration.from(properties.getConfiguration(FILE));
    }

    @Provides
    @Singleton
    BatchSizes batchSizes() {
        return BatchSizes.defaultValues();
    }
}
