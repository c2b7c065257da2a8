package org.govmail.mailets;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.govmail.auth.i18n.Texts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells each recipient of a quarantined mail that it was held, why, and what to quote to their
 * administrator to have it released: without it a held mail is simply missing. The first mailet of the
 * quarantine processor; the mail itself goes on to the quarantine repository.
 *
 * <pre>{@code <mailet match="All" class="org.govmail.mailets.QuarantineNotice"/>}</pre>
 */
public final class QuarantineNotice extends GenericMailet {
    static final String SUBJECT_TAG = "[격리/Quarantined]";
    private static final Logger LOGGER = LoggerFactory.getLogger(QuarantineNotice.class);
    private static final Logger ROUTING = LoggerFactory.getLogger(RouteLog.LOGGER);

    private final Notices notices;

    @Inject
    public QuarantineNotice(Texts texts) {
        this.notices = new Notices(texts);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String reason = Quarantine.reason(mail).orElse("policy");
        String sender = mail.getMaybeSender().asString("<>");
        String subject = Optional.ofNullable(mail.getMessage().getSubject()).orElse("");
        for (MailAddress recipient : mail.getRecipients()) {
            try {
                notices.send(getMailetContext(), recipient, SUBJECT_TAG, mail.getMessage(), "notice.quarantined",
                    sender, reason, mail.getName(), subject);
            } catch (MessagingException e) {
                // One recipient's notice failing must not cost the others theirs, nor the mail its quarantine.
                LOGGER.warn("mail {} quarantined: notice to {} failed", mail.getName(), recipient, e);
            }
        }
        RouteLog.decision(ROUTING, mail, "quarantine", "held reason=\"" + reason + "\" notified=" + mail.getRecipients().size());
    }

    @Override
    public String getMailetInfo() {
        return "govmail: tells recipients that a mail was quarantined";
    }
}
