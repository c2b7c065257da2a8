package org.govmail.server.wiring.distributed;

import java.io.FileNotFoundException;
import java.util.Set;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Named;
import javax.inject.Singleton;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.backends.rabbitmq.RabbitMQConfiguration;
import org.apache.james.backends.rabbitmq.RabbitMQHealthCheck;
import org.apache.james.backends.rabbitmq.ReactorRabbitMQChannelPool;
import org.apache.james.backends.rabbitmq.ReceiverProvider;
import org.apache.james.backends.rabbitmq.SimpleConnectionPool;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.utils.PropertiesProvider;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

import reactor.rabbitmq.RabbitFlux;
import reactor.rabbitmq.ReceiverOptions;
import reactor.rabbitmq.Sender;

/**
 * The node's connection to RabbitMQ, from {@code conf/rabbitmq.properties} (James' keys: {@code uri} with
 * credentials and virtual host, {@code management.uri}, {@code management.user}, {@code management.password},
 * and the optional pool, quorum-queue and publish-confirm settings of James' {@code RabbitMQConfiguration}).
 * One resilient connection, re-established by James' pool; components that must resubscribe after a
 * reconnection add a {@link SimpleConnectionPool.ReconnectionHandler}.
 */
class RabbitMQConnectionModule extends AbstractModule {
    static final String FILE = "rabbitmq";

    @Override
    protected void configure() {
        bind(SimpleConnectionPool.class).in(Scopes.SINGLETON);
        bind(ConnectionPoolCloser.class).asEagerSingleton();
        Multibinder.newSetBinder(binder(), SimpleConnectionPool.ReconnectionHandler.class);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(RabbitMQHealthCheck.class);
    }

    @Provides
    @Singleton
    @Named(FILE)
    Configuration file(PropertiesProvider properties) throws ConfigurationException, FileNotFoundException {
        return properties.getConfiguration(FILE);
    }

    @Provides
    @Singleton
    RabbitMQConfiguration configuration(@Named(FILE) Configuration file) {
        return RabbitMQConfiguration.from(file);
    }

    @Provides
    @Singleton
    SimpleConnectionPool.Configuration poolConfiguration(@Named(FILE) Configuration file) {
        return SimpleConnectionPool.Configuration.from(file);
    }

    @Provides
    @Singleton
    ReactorRabbitMQChannelPool.Configuration channelPoolConfiguration(@Named(FILE) Configuration file) {
        return ReactorRabbitMQChannelPool.Configuration.from(file);
    }

    @Provides
    @Singleton
    ReactorRabbitMQChannelPool channelPool(SimpleConnectionPool connections, ReactorRabbitMQChannelPool.Configuration configuration,
                                           MetricFactory metrics) {
        ReactorRabbitMQChannelPool pool = new ReactorRabbitMQChannelPool(connections.getResilientConnection(), configuration, metrics);
        pool.start();
        return pool;
    }

    @Provides
    @Singleton
    Sender sender(ReactorRabbitMQChannelPool channels) {
        return channels.getSender();
    }

    @Provides
    @Singleton
    ReceiverProvider receivers(SimpleConnectionPool connections) {
        return () -> RabbitFlux.createReceiver(new ReceiverOptions().connectionMono(connections.getResilientConnection()));
    }

    @ProvidesIntoSet
    InitializationOperation connect(SimpleConnectionPool connections, Set<SimpleConnectionPool.ReconnectionHandler> handlers) {
        return InitilizationOperationBuilder.forClass(SimpleConnectionPool.class).init(() -> connections.init(handlers));
    }

    /** James' pool has no {@code @PreDestroy} of its own: without this, a stopping node leaves its connection open. */
    static class ConnectionPoolCloser {
        private final SimpleConnectionPool connections;

        @Inject
        ConnectionPoolCloser(SimpleConnectionPool connections) {
            this.connections = connections;
        }

        @PreDestroy
        void close() {
            connections.close();
        }
    }
}
