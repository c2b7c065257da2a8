package org.govmail.server.wiring;

import javax.inject.Singleton;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * James asks for the mail queue factory under three types (any queue, plain queues, manageable queues); every
 * profile binds the manageable one (where its queues live) and this module answers the other two from it.
 */
public class MailQueueViewsModule extends AbstractModule {

    @Provides
    @Singleton
    MailQueueFactory<?> anyQueues(MailQueueFactory<? extends ManageableMailQueue> factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends MailQueue> plainQueues(MailQueueFactory<? extends ManageableMailQueue> factory) {
        return factory;
    }
}
