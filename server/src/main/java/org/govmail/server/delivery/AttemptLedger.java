package org.govmail.server.delivery;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MultimailboxesSearchQuery;
import org.apache.james.mailbox.model.SearchQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;

/**
 * Distributed profile: the mailboxes are in Cassandra, outside the ledger's transaction. An attempt is
 * committed before each delivery; a mail that comes back with an attempt on record (its node died after
 * storing it, before the queue's acknowledgement, or before storing it) is looked for in the recipient's
 * mailboxes by its delivery id header, and delivered again only if it is not there. The lookup searches the
 * recipient's mail, so it only happens for mail that comes back after a crash.
 */
public class AttemptLedger implements ExactlyOnce {
    private static final Logger LOGGER = LoggerFactory.getLogger(AttemptLedger.class);

    private final DeliveryLedger ledger;
    private final MailboxManager mailboxes;

    @Inject
    public AttemptLedger(DeliveryLedger ledger, MailboxManager mailboxes) {
        this.ledger = ledger;
        this.mailboxes = mailboxes;
    }

    @Override
    public Set<String> alreadyStored(String deliveryId, Set<MailAddress> recipients) {
        Set<String> attempted = ledger.attemptedRecipients(deliveryId);
        if (attempted.isEmpty()) {
            return Set.of();
        }
        Set<String> stored = new HashSet<>();
        for (MailAddress recipient : recipients) {
            String address = recipient.asString().toLowerCase(Locale.ROOT);
            if (attempted.contains(address) && holds(address, deliveryId)) {
                stored.add(address);
            }
        }
        LOGGER.info("Mail {} came back after an interrupted delivery: already stored for {} of {} attempted recipient(s)",
            deliveryId, stored.size(), attempted.size());
        return stored;
    }

    @Override
    public void beforeDelivery(String deliveryId, Set<MailAddress> recipients) {
        ledger.recordAttempts(deliveryId, recipients.stream().map(MailAddress::asString).collect(Collectors.toList()));
    }

    private boolean holds(String address, String deliveryId) {
        MailboxSession session = mailboxes.createSystemSession(Username.of(address));
        try {
            SearchQuery query = SearchQuery.of(SearchQuery.headerContains(DeliveryLedger.HEADER, deliveryId));
            return Boolean.TRUE.equals(Flux.from(mailboxes.search(MultimailboxesSearchQuery.from(query).build(), session, 1))
                .hasElements().block());
        } finally {
            mailboxes.endProcessingRequest(session);
        }
    }
}
