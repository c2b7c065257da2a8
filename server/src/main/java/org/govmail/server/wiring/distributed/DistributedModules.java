package org.govmail.server.wiring.distributed;

import com.google.inject.Module;
import com.google.inject.util.Modules;

/**
 * The distributed profile ({@code profile=distributed} in {@code conf/govmail-storage.properties}): James'
 * own Cassandra and RabbitMQ implementations, wired here because James 3.8.1 publishes no Guice module for
 * them. Accounts and all of govmail's own state stay on the shared JPA database ({@code JpaStorageModule}).
 */
public final class DistributedModules {
    private DistributedModules() {
    }

    /** Everything that stores or moves mail; replaces the embedded profile's JPA mailbox, Lucene and ActiveMQ. */
    public static Module storage() {
        return Modules.combine(
            new CassandraSessionModule(),
            new CassandraBlobStoreModule(),
            new CassandraMailboxModule(),
            new CassandraMailDataModule(),
            new ScanningSearchModule(),
            new RabbitMQConnectionModule(),
            new RabbitMQMailQueueModule());
    }

    /** Overrides James' in-VM event bus. */
    public static Module eventBus() {
        return new RabbitMQEventBusModule();
    }
}
