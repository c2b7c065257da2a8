package org.govmail.auth.testing;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.persistence.EntityManagerFactory;
import javax.persistence.spi.PersistenceUnitTransactionType;

import org.apache.openjpa.persistence.PersistenceProviderImpl;
import org.apache.openjpa.persistence.PersistenceUnitInfoImpl;

/**
 * An in-memory Derby database (the server's default database engine) for tests of govmail's JPA stores,
 * with a persistence unit made of just the entities under test: no persistence.xml on the test class path,
 * so the server's own unit stays the only one there. {@link #newFactory()} opens another entity manager
 * factory on the same database, like a second cluster node.
 */
public final class TestDatabase implements AutoCloseable {
    private final String url;
    private final List<Class<?>> entities;
    private final List<EntityManagerFactory> factories = new ArrayList<>();

    private TestDatabase(String name, List<Class<?>> entities) {
        this.url = "jdbc:derby:memory:" + name;
        this.entities = entities;
    }

    public static TestDatabase inMemory(Class<?>... entities) {
        // Derby's boot log goes to target/, not into the module folder.
        System.setProperty("derby.stream.error.file", Path.of("target", "derby.log").toAbsolutePath().toString());
        return new TestDatabase("govmail-" + UUID.randomUUID(), List.of(entities));
    }

    /** The first factory, created on first call. */
    public synchronized EntityManagerFactory factory() {
        return factories.isEmpty() ? newFactory() : factories.get(0);
    }

    /** Another factory on the same database: a second server node sharing it. */
    public synchronized EntityManagerFactory newFactory() {
        PersistenceUnitInfoImpl unit = new PersistenceUnitInfoImpl();
        unit.setPersistenceUnitName("GovmailTest");
        unit.setTransactionType(PersistenceUnitTransactionType.RESOURCE_LOCAL);
        unit.setExcludeUnlistedClasses(true);
        entities.forEach(entity -> unit.addManagedClassName(entity.getName()));
        EntityManagerFactory factory = new PersistenceProviderImpl().createContainerEntityManagerFactory(unit, Map.of(
            "openjpa.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver",
            "openjpa.ConnectionURL", url + ";create=true",
            "openjpa.jdbc.SynchronizeMappings", "buildSchema(ForeignKeys=true)",
            "openjpa.Multithreaded", "true",
            "openjpa.jdbc.QuerySQLCache", "false",
            // Runtime=ERROR: the classes are enhanced at build time, no need to hear that load-time enhancement is off.
            "openjpa.Log", "DefaultLevel=WARN, Runtime=ERROR, Tool=WARN, SQL=WARN"));
        factories.add(factory);
        return factory;
    }

    @Override
    public synchronized void close() {
        factories.stream().filter(EntityManagerFactory::isOpen).forEach(EntityManagerFactory::close);
        factories.clear();
        try {
            DriverManager.getConnection(url + ";drop=true").close();
        } catch (SQLException e) {
            // Derby reports a successful drop as SQLState 08006; anything else leaves only memory behind.
        }
    }
}
