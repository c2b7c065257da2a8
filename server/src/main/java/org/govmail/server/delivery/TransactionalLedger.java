package org.govmail.server.delivery;

import java.util.Set;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;

/**
 * Embedded profile: the mailbox store writes the ledger row in the message's own transaction
 * ({@link LedgerMailboxSessionMapperFactory}), so the ledger alone is exact and nothing is written before.
 */
public class TransactionalLedger implements ExactlyOnce {
    private final DeliveryLedger ledger;

    @Inject
    public TransactionalLedger(DeliveryLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public Set<String> alreadyStored(String deliveryId, Set<MailAddress> recipients) {
        return ledger.deliveredRecipients(deliveryId);
    }

    @Override
    public void beforeDelivery(String deliveryId, Set<MailAddress> recipients) {
        // the row comes with the message
    }
}
