package org.govmail.server.delivery;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.store.mail.MessageMapper;

/** The JPA mailbox mapper factory with message mappers that keep the {@link DeliveryLedger}. */
public class LedgerMailboxSessionMapperFactory extends JPAMailboxSessionMapperFactory {
    private final EntityManagerFactory entityManagerFactory;
    private final JPAUidProvider uidProvider;
    private final JPAModSeqProvider modSeqProvider;
    private final DeliveryLedger ledger;

    @Inject
    public LedgerMailboxSessionMapperFactory(EntityManagerFactory entityManagerFactory, JPAUidProvider uidProvider,
                                             JPAModSeqProvider modSeqProvider, DeliveryLedger ledger) {
        super(entityManagerFactory, uidProvider, modSeqProvider);
        this.entityManagerFactory = entityManagerFactory;
        this.uidProvider = uidProvider;
        this.modSeqProvider = modSeqProvider;
        this.ledger = ledger;
    }

    @Override
    public MessageMapper createMessageMapper(MailboxSession session) {
        return new LedgerMessageMapper(uidProvider, modSeqProvider, entityManagerFactory, ledger);
    }
}
