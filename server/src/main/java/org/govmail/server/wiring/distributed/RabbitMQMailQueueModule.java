package org.govmail.server.wiring.distributed;

import javax.inject.Inject;
import javax.inject.Named;
import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.james.backends.cassandra.components.CassandraModule;
import org.apache.james.backends.rabbitmq.SimpleConnectionPool;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.eventsourcing.Event;
import org.apache.james.eventsourcing.eventstore.cassandra.dto.EventDTO;
import org.apache.james.eventsourcing.eventstore.cassandra.dto.EventDTOModule;
import org.apache.james.lifecycle.api.StartUpCheck;
import org.apache.james.mailetcontainer.impl.JamesMailSpooler;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.rabbitmq.RabbitMQMailQueue;
import org.apache.james.queue.rabbitmq.RabbitMQMailQueueDeadLetterQueueHealthCheck;
import org.apache.james.queue.rabbitmq.RabbitMQMailQueueFactory;
import org.apache.james.queue.rabbitmq.view.RabbitMQMailQueueConfiguration;
import org.apache.james.queue.rabbitmq.view.api.MailQueueView;
import org.apache.james.queue.rabbitmq.view.cassandra.BrowseStartHealthCheck;
import org.apache.james.queue.rabbitmq.view.cassandra.CassandraMailQueueView;
import org.apache.james.queue.rabbitmq.view.cassandra.CassandraMailQueueViewModule;
import org.apache.james.queue.rabbitmq.view.cassandra.CassandraMailQueueViewStartUpCheck;
import org.apache.james.queue.rabbitmq.view.cassandra.configuration.CassandraMailQueueViewConfiguration;
import org.apache.james.queue.rabbitmq.view.cassandra.configuration.CassandraMailQueueViewConfigurationModule;
import org.govmail.server.wiring.MailQueueViewsModule;
import org.govmail.server.wiring.PersistentQueueModule;
import org.reactivestreams.Publisher;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.rabbitmq.client.Connection;

import reactor.core.publisher.Mono;

/**
 * The spool on RabbitMQ: a mail accepted by one node is processed by whichever node takes it, and a node that
 * dies before acknowledging it leaves it to the others. Remote delivery's queues stay on the node's own disk
 * ({@link OutgoingOnLocalDiskQueues}). Queue content is in the blob
 * store; the Cassandra view keeps what the queue holds browsable, countable and clearable from the admin API
 * (settings {@code mailqueue.view.*} in {@code conf/rabbitmq.properties}).
 */
class RabbitMQMailQueueModule extends AbstractModule {
    @Override
    protected void configure() {
        // Remote delivery's queues stay on this node's disk: OutgoingOnLocalDiskQueues says why.
        install(new PersistentQueueModule(false));
        install(new MailQueueViewsModule());
        Multibinder.newSetBinder(binder(), CassandraModule.class).addBinding().toInstance(CassandraMailQueueViewModule.MODULE);
        Multibinder.newSetBinder(binder(), new TypeLiteral<EventDTOModule<? extends Event, ? extends EventDTO>>() { })
            .addBinding().toInstance(CassandraMailQueueViewConfigurationModule.MAIL_QUEUE_VIEW_CONFIGURATION);
        Multibinder.newSetBinder(binder(), StartUpCheck.class).addBinding().to(CassandraMailQueueViewStartUpCheck.class);
        Multibinder<HealthCheck> health = Multibinder.newSetBinder(binder(), HealthCheck.class);
        health.addBinding().to(RabbitMQMailQueueDeadLetterQueueHealthCheck.class);
        health.addBinding().to(BrowseStartHealthCheck.class);
        Multibinder.newSetBinder(binder(), SimpleConnectionPool.ReconnectionHandler.class)
            .addBinding().to(SpoolerReconnection.class);
    }

    @Provides
    @Singleton
    MailQueueView.Factory view(CassandraMailQueueView.Factory cassandraView) {
        return cassandraView;
    }

    @Provides
    @Singleton
    CassandraMailQueueViewConfiguration viewConfiguration(@Named(RabbitMQConnectionModule.FILE) Configuration file) {
        return CassandraMailQueueViewConfiguration.from(file);
    }

    @Provides
    @Singleton
    RabbitMQMailQueueConfiguration queueConfiguration(@Named(RabbitMQConnectionModule.FILE) Configuration file) {
        return RabbitMQMailQueueConfiguration.from(file);
    }

    @Provides
    @Singleton
    MailQueueFactory<RabbitMQMailQueue> queues(RabbitMQMailQueueFactory factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends ManageableMailQueue> manageableQueues(MailQueueFactory<RabbitMQMailQueue> shared,
            @Named(PersistentQueueModule.LOCAL) MailQueueFactory<? extends ManageableMailQueue> local) {
        return new OutgoingOnLocalDiskQueues(shared, local);
    }

    /** After the broker connection came back, the spooler consumes again from fresh channels. */
    static class SpoolerReconnection implements SimpleConnectionPool.ReconnectionHandler {
        private final JamesMailSpooler spooler;

        @Inject
        SpoolerReconnection(JamesMailSpooler spooler) {
            this.spooler = spooler;
        }

        @Override
        public Publisher<Void> handleReconnection(Connection connection) {
            return Mono.fromRunnable(spooler::restart);
        }
    }
}
