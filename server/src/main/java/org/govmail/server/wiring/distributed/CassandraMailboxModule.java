package org.govmail.server.wiring.distributed;

import java.util.Set;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.backends.cassandra.components.CassandraModule;
import org.apache.james.eventsourcing.Event;
import org.apache.james.eventsourcing.eventstore.EventStore;
import org.apache.james.eventsourcing.eventstore.cassandra.CassandraEventStore;
import org.apache.james.eventsourcing.eventstore.cassandra.EventStoreDao;
import org.apache.james.eventsourcing.eventstore.cassandra.JsonEventSerializer;
import org.apache.james.eventsourcing.eventstore.cassandra.dto.EventDTO;
import org.apache.james.eventsourcing.eventstore.cassandra.dto.EventDTOModule;
import org.apache.james.events.EventListener;
import org.apache.james.mailbox.AttachmentContentLoader;
import org.apache.james.mailbox.AttachmentManager;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.MessageIdManager;
import org.apache.james.mailbox.RightManager;
import org.apache.james.mailbox.cassandra.CassandraMailboxManager;
import org.apache.james.mailbox.cassandra.CassandraMailboxSessionMapperFactory;
import org.apache.james.mailbox.cassandra.CassandraThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.cassandra.DeleteMessageListener;
import org.apache.james.mailbox.cassandra.ids.CassandraId;
import org.apache.james.mailbox.cassandra.ids.CassandraMessageId;
import org.apache.james.mailbox.cassandra.mail.ACLMapper;
import org.apache.james.mailbox.cassandra.mail.CassandraACLMapper;
import org.apache.james.mailbox.cassandra.mail.eventsourcing.acl.ACLModule;
import org.apache.james.mailbox.cassandra.modules.CassandraAclModule;
import org.apache.james.mailbox.cassandra.modules.CassandraAnnotationModule;
import org.apache.james.mailbox.cassandra.modules.CassandraApplicableFlagsModule;
import org.apache.james.mailbox.cassandra.modules.CassandraAttachmentModule;
import org.apache.james.mailbox.cassandra.modules.CassandraDeletedMessageModule;
import org.apache.james.mailbox.cassandra.modules.CassandraFirstUnseenModule;
import org.apache.james.mailbox.cassandra.modules.CassandraMailboxCounterModule;
import org.apache.james.mailbox.cassandra.modules.CassandraMailboxRecentsModule;
import org.apache.james.mailbox.cassandra.modules.CassandraMessageModule;
import org.apache.james.mailbox.cassandra.modules.CassandraModSeqModule;
import org.apache.james.mailbox.cassandra.modules.CassandraQuotaModule;
import org.apache.james.mailbox.cassandra.modules.CassandraSubscriptionModule;
import org.apache.james.mailbox.cassandra.modules.CassandraThreadModule;
import org.apache.james.mailbox.cassandra.modules.CassandraUidModule;
import org.apache.james.mailbox.cassandra.mail.CassandraModSeqProvider;
import org.apache.james.mailbox.cassandra.mail.CassandraUidProvider;
import org.apache.james.mailbox.cassandra.quota.CassandraCurrentQuotaManager;
import org.apache.james.mailbox.cassandra.quota.CassandraPerUserMaxQuotaManager;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.quota.CurrentQuotaManager;
import org.apache.james.mailbox.quota.MaxQuotaManager;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.NoMailboxPathLocker;
import org.apache.james.mailbox.store.StoreAttachmentManager;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.james.mailbox.store.StoreMessageIdManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.store.mail.AttachmentMapperFactory;
import org.apache.james.mailbox.store.mail.MailboxMapperFactory;
import org.apache.james.mailbox.store.mail.MessageMapperFactory;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.UidProvider;
import org.apache.james.mailbox.store.user.SubscriptionMapperFactory;
import org.apache.james.utils.MailboxManagerDefinition;

import org.govmail.server.delivery.AttemptLedger;
import org.govmail.server.wiring.StoreMailboxModule;
import org.govmail.server.delivery.ExactlyOnce;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;

/**
 * Mailboxes, messages, flags, ACLs, annotations, subscriptions, threads and quotas on Cassandra, with James'
 * own Cassandra mailbox implementation (the same classes as James' distributed server).
 *
 * <p>No path lock: Cassandra's lightweight transactions (UIDs, MODSEQs, mailbox paths) keep concurrent writers
 * on different nodes consistent; a JVM lock would protect nothing across nodes.
 */
class CassandraMailboxModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new StoreMailboxModule());
        Multibinder<CassandraModule> tables = Multibinder.newSetBinder(binder(), CassandraModule.class);
        for (CassandraModule module : Set.of(CassandraAclModule.MODULE, CassandraAttachmentModule.MODULE,
                org.apache.james.mailbox.cassandra.modules.CassandraMailboxModule.MODULE, CassandraMessageModule.MODULE,
                CassandraMailboxCounterModule.MODULE, CassandraAnnotationModule.MODULE, CassandraApplicableFlagsModule.MODULE,
                CassandraDeletedMessageModule.MODULE, CassandraFirstUnseenModule.MODULE, CassandraMailboxRecentsModule.MODULE,
                CassandraModSeqModule.MODULE, CassandraSubscriptionModule.MODULE, CassandraUidModule.MODULE,
                CassandraQuotaModule.MODULE, CassandraThreadModule.MODULE,
                org.apache.james.eventsourcing.eventstore.cassandra.CassandraEventStoreModule.MODULE())) {
            tables.addBinding().toInstance(module);
        }

        // Mailboxes are outside the ledger's database: attempts are recorded, and checked after a crash.
        bind(ExactlyOnce.class).to(AttemptLedger.class);

        bind(CassandraMailboxSessionMapperFactory.class).in(Scopes.SINGLETON);
        bind(MailboxSessionMapperFactory.class).to(CassandraMailboxSessionMapperFactory.class);
        bind(MessageMapperFactory.class).to(CassandraMailboxSessionMapperFactory.class);
        bind(MailboxMapperFactory.class).to(CassandraMailboxSessionMapperFactory.class);
        bind(AttachmentMapperFactory.class).to(CassandraMailboxSessionMapperFactory.class);
        bind(SubscriptionMapperFactory.class).to(CassandraMailboxSessionMapperFactory.class);

        bind(CassandraMailboxManager.class).in(Scopes.SINGLETON);
        bind(MailboxManager.class).to(CassandraMailboxManager.class);
        bind(StoreMailboxManager.class).to(CassandraMailboxManager.class);
        Multibinder.newSetBinder(binder(), MailboxManagerDefinition.class)
            .addBinding().to(CassandraMailboxManagerDefinition.class);

        bind(CassandraUidProvider.class).in(Scopes.SINGLETON);
        bind(UidProvider.class).to(CassandraUidProvider.class);
        bind(CassandraModSeqProvider.class).in(Scopes.SINGLETON);
        bind(ModSeqProvider.class).to(CassandraModSeqProvider.class);
        bind(CassandraId.Factory.class).in(Scopes.SINGLETON);
        bind(MailboxId.Factory.class).to(CassandraId.Factory.class);
        bind(CassandraMessageId.Factory.class).in(Scopes.SINGLETON);
        bind(MessageId.Factory.class).to(CassandraMessageId.Factory.class);
        bind(CassandraThreadIdGuessingAlgorithm.class).in(Scopes.SINGLETON);
        bind(ThreadIdGuessingAlgorithm.class).to(CassandraThreadIdGuessingAlgorithm.class);
        bind(CassandraACLMapper.class).in(Scopes.SINGLETON);
        bind(ACLMapper.class).to(CassandraACLMapper.class);
        bind(NoMailboxPathLocker.class).in(Scopes.SINGLETON);
        bind(MailboxPathLocker.class).to(NoMailboxPathLocker.class);

        bind(StoreRightManager.class).in(Scopes.SINGLETON);
        bind(RightManager.class).to(StoreRightManager.class);
        bind(StoreMessageIdManager.class).in(Scopes.SINGLETON);
        bind(MessageIdManager.class).to(StoreMessageIdManager.class);
        bind(StoreAttachmentManager.class).in(Scopes.SINGLETON);
        bind(AttachmentManager.class).to(StoreAttachmentManager.class);
        bind(AttachmentContentLoader.class).to(AttachmentManager.class);

        bind(CassandraPerUserMaxQuotaManager.class).in(Scopes.SINGLETON);
        bind(MaxQuotaManager.class).to(CassandraPerUserMaxQuotaManager.class);
        bind(CassandraCurrentQuotaManager.class).in(Scopes.SINGLETON);
        bind(CurrentQuotaManager.class).to(CassandraCurrentQuotaManager.class);

        bind(CassandraEventStore.class).in(Scopes.SINGLETON);
        bind(EventStore.class).to(CassandraEventStore.class);
        Multibinder.newSetBinder(binder(), new TypeLiteral<EventDTOModule<? extends Event, ? extends EventDTO>>() { })
            .addBinding().toInstance(ACLModule.ACL_UPDATE);

        Multibinder.newSetBinder(binder(), EventListener.ReactiveGroupEventListener.class)
            .addBinding().to(DeleteMessageListener.class);
        Multibinder.newSetBinder(binder(), DeleteMessageListener.DeletionCallback.class);
    }

    /** ACL changes and the mail queue view's settings are event-sourced; both read their events from here. */
    @Provides
    @Singleton
    EventStoreDao eventStoreDao(com.datastax.oss.driver.api.core.CqlSession session,
                                Set<EventDTOModule<? extends Event, ? extends EventDTO>> eventTypes) {
        return new EventStoreDao(session, JsonEventSerializer.forModules(eventTypes).withoutNestedType());
    }

    @Singleton
    static class CassandraMailboxManagerDefinition extends MailboxManagerDefinition {
        @Inject
        CassandraMailboxManagerDefinition(CassandraMailboxManager manager) {
            super("cassandra-mailboxmanager", manager);
        }
    }
}
