package org.govmail.server.delivery;

import java.io.IOException;

import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAMessageMapper;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

/** James' JPA message mapper, plus a ledger record in the same transaction for stamped messages. */
class LedgerMessageMapper extends JPAMessageMapper {
    private final DeliveryLedger ledger;

    LedgerMessageMapper(JPAUidProvider uidProvider, JPAModSeqProvider modSeqProvider,
                        EntityManagerFactory entityManagerFactory, DeliveryLedger ledger) {
        super(uidProvider, modSeqProvider, entityManagerFactory);
        this.ledger = ledger;
    }

    @Override
    public MessageMetaData add(Mailbox mailbox, MailboxMessage message) throws MailboxException {
        MessageMetaData metaData = super.add(mailbox, message);
        try {
            DeliveryLedger.deliveryIdIn(message.getHeaderContent()).ifPresent(deliveryId ->
                ledger.record(getEntityManager(), deliveryId, mailbox.getUser().asString(),
                    ((JPAId) mailbox.getMailboxId()).getRawId()));
        } catch (IOException e) {
            throw new MailboxException("Cannot read the headers of the message being stored", e);
        }
        return metaData;
    }
}
