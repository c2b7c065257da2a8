package org.govmail.server.wiring.distributed;

import org.apache.james.backends.rabbitmq.SimpleConnectionPool;
import org.apache.james.events.EventBus;
import org.apache.james.events.EventBusId;
import org.apache.james.events.EventBusReconnectionHandler;
import org.apache.james.events.KeyReconnectionHandler;
import org.apache.james.events.NamingStrategy;
import org.apache.james.events.RabbitMQEventBus;
import org.apache.james.events.RegistrationKey;
import org.apache.james.mailbox.events.MailboxIdRegistrationKey;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Mailbox events on RabbitMQ instead of James' in-VM bus; installed as an override of James' default event
 * module, whose listener loading and serializer stay.
 *
 * <p>Group listeners (quota, message deletion, annotations) consume a work queue shared by all nodes, so each
 * event is handled once in the cluster. Key registrations (a mailbox an IMAP IDLE watches) get a queue per
 * node, so an IDLE on one node hears of mail delivered by another.
 */
class RabbitMQEventBusModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(NamingStrategy.class).toInstance(NamingStrategy.MAILBOX_EVENT_NAMING_STRATEGY);
        bind(EventBusId.class).toInstance(EventBusId.random());
        bind(RabbitMQEventBus.class).in(Scopes.SINGLETON);
        bind(EventBus.class).to(RabbitMQEventBus.class);
        Multibinder.newSetBinder(binder(), RegistrationKey.Factory.class)
            .addBinding().to(MailboxIdRegistrationKey.Factory.class);
        Multibinder<SimpleConnectionPool.ReconnectionHandler> reconnection =
            Multibinder.newSetBinder(binder(), SimpleConnectionPool.ReconnectionHandler.class);
        reconnection.addBinding().to(KeyReconnectionHandler.class);
        reconnection.addBinding().to(EventBusReconnectionHandler.class);
        // Not James' RabbitMQEventBusDeadLetterQueueHealthCheck: it also reads the dead letters of the JMAP event bus,
        // which govmail does not run, and so reports "unhealthy" for ever.
    }

    @ProvidesIntoSet
    InitializationOperation start(RabbitMQEventBus eventBus) {
        return InitilizationOperationBuilder.forClass(RabbitMQEventBus.class).init(eventBus::start);
    }
}
