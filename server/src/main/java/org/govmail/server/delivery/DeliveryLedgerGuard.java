package org.govmail.server.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Place before local delivery, matching {@code All} (a partial matcher would split the mail under a
 * new, random name). Stamps the message with its queue name and removes the recipients whose copy is
 * already stored ({@link ExactlyOnce}: the {@link DeliveryLedger}, and in the distributed profile the
 * recipients' mailboxes): a mail re-read from the queue after a crash is not stored twice. No parameters.
 */
public class DeliveryLedgerGuard extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(DeliveryLedgerGuard.class);

    private final ExactlyOnce exactlyOnce;

    @Inject
    public DeliveryLedgerGuard(ExactlyOnce exactlyOnce) {
        this.exactlyOnce = exactlyOnce;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        // Always our own value: a delivery id arriving in a sender's headers is never trusted.
        String deliveryId = mail.getName();
        mail.getMessage().setHeader(DeliveryLedger.HEADER, deliveryId);
        mail.getMessage().saveChanges();
        Set<MailAddress> recipients = Set.copyOf(mail.getRecipients());
        Set<String> delivered = exactlyOnce.alreadyStored(deliveryId, recipients);
        if (delivered.isEmpty()) {
            exactlyOnce.beforeDelivery(deliveryId, recipients);
            return;
        }
        List<MailAddress> remaining = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            if (delivered.contains(recipient.asString().toLowerCase(Locale.ROOT))) {
                LOGGER.warn("Mail {} was already stored for {} before a restart; not delivering it again",
                    mail.getName(), recipient.asString());
            } else {
                remaining.add(recipient);
            }
        }
        mail.setRecipients(remaining);
        if (remaining.isEmpty()) {
            mail.setState(Mail.GHOST);
        } else {
            exactlyOnce.beforeDelivery(deliveryId, Set.copyOf(remaining));
        }
    }

    @Override
    public String getMailetInfo() {
        return "Exactly-once local delivery guard";
    }
}
