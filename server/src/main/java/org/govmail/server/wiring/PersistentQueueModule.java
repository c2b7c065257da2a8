package org.govmail.server.wiring;

import java.io.FileNotFoundException;

import javax.inject.Named;
import javax.inject.Singleton;
import javax.jms.ConnectionFactory;

import org.apache.activemq.store.PersistenceAdapter;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.queue.activemq.ActiveMQConfiguration;
import org.apache.james.queue.activemq.ActiveMQHealthCheck;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.EmbeddedActiveMQ;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollector;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorImpl;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The mail queues (spool, outgoing) on James' embedded ActiveMQ broker with its KahaDB journal under
 * {@code var/store/activemq}. Messages are sent persistently and KahaDB syncs its journal to disk, so a
 * message the SMTP server answered {@code 250} for survives a crash of the JVM.
 */
public class PersistentQueueModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(PersistentQueueModule.class);
    /** The queues on this node's disk, for a profile that keeps only some queues here. */
    public static final String LOCAL = "local-queues";

    private final boolean everyQueue;

    /** Every mail queue of the server on this node's ActiveMQ (the embedded profile). */
    public PersistentQueueModule() {
        this(true);
    }

    /**
     * {@code everyQueue} false: only the broker and its queues as {@code @Named(LOCAL)}; which queue lives where is
     * then the including profile's choice.
     */
    public PersistentQueueModule(boolean everyQueue) {
        this.everyQueue = everyQueue;
    }

    @Override
    protected void configure() {
        if (everyQueue) {
            install(new EveryQueueModule());
        }
        bind(PersistenceAdapter.class).to(KahaDBPersistenceAdapter.class);
        bind(EmbeddedActiveMQ.class).in(Scopes.SINGLETON);
        bind(ActiveMQMailQueueFactory.class).in(Scopes.SINGLETON);
        bind(ActiveMQMetricCollectorImpl.class).in(Scopes.SINGLETON);
        bind(ActiveMQMetricCollector.class).to(ActiveMQMetricCollectorImpl.class);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(ActiveMQHealthCheck.class);
    }

    /**
     * KahaDB syncs each journal write before the broker confirms it, so the 250 that follows an enqueue
     * means the mail is on disk. (This is KahaDB's default; set here so no one tunes it away.) The queue
     * still delivers at least once after a crash; {@code DeliveryLedger} makes local delivery exactly once.
     */
    @Provides
    @Singleton
    KahaDBPersistenceAdapter journal() {
        KahaDBPersistenceAdapter adapter = new KahaDBPersistenceAdapter();
        adapter.setEnableJournalDiskSyncs(true);
        return adapter;
    }

    @Provides
    @Singleton
    ConnectionFactory connectionFactory(EmbeddedActiveMQ broker) {
        return broker.getConnectionFactory();
    }

    @Provides
    @Singleton
    @Named(LOCAL)
    MailQueueFactory<? extends ManageableMailQueue> localQueues(ActiveMQMailQueueFactory factory) {
        factory.setUseJMX(true);
        factory.init();
        return factory;
    }

    private static final class EveryQueueModule extends AbstractModule {
        @Override
        protected void configure() {
            install(new MailQueueViewsModule());
        }

        @Provides
        @Singleton
        MailQueueFactory<? extends ManageableMailQueue> manageableQueues(@Named(LOCAL) MailQueueFactory<? extends ManageableMailQueue> local) {
            return local;
        }
    }

    @Provides
    @Singleton
    ActiveMQConfiguration brokerConfiguration(PropertiesProvider propertiesProvider) throws ConfigurationException {
        try {
            return ActiveMQConfiguration.from(propertiesProvider.getConfigurations("activemq"));
        } catch (FileNotFoundException e) {
            LOGGER.info("No conf/activemq.properties: ActiveMQ queue metrics use their defaults");
            return ActiveMQConfiguration.getDefault();
        }
    }

    @ProvidesIntoSet
    InitializationOperation startQueueMetrics(ActiveMQMetricCollector collector) {
        return InitilizationOperationBuilder.forClass(ActiveMQMetricCollector.class).init(collector::start);
    }
}
