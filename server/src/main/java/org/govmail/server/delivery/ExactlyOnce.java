package org.govmail.server.delivery;

import java.util.Set;

import org.apache.james.core.MailAddress;

/**
 * How {@link DeliveryLedgerGuard} knows which recipients a mail coming back from the queue (after a crash)
 * was already stored for. Depends on whether the mailbox store shares the ledger's database transaction.
 */
public interface ExactlyOnce {
    /** Recipients (lower-case addresses) among {@code recipients} whose copy of the mail is already stored. */
    Set<String> alreadyStored(String deliveryId, Set<MailAddress> recipients);

    /** Called just before the mail is delivered to {@code recipients}. */
    void beforeDelivery(String deliveryId, Set<MailAddress> recipients);
}
