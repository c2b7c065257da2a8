package org.govmail.mailets;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.govmail.auth.i18n.Texts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First mailet of the quarantine processor: tells each local recipient that a mail was held, from whom,
 * why, and the id to quote to the administrator who can release it. Recipients elsewhere are not told
 * (a notice to the outside would leak what the policy caught).
 */
public final class QuarantineNotice extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger("org.govmail.routing");

    private final Notices notices;

    @Inject
    public QuarantineNotice(Texts texts) {
        this.notices = new Notices(texts);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String reason = Quarantine.reason(mail).orElse("policy");
        String sender = mail.getMaybeSender().asString("<>");
        RouteLog.decision(LOGGER, mail, "quarantine", "held reason=\"" + reason + "\"");
        for (MailAddress recipient : mail.getRecipients()) {
            if (getMailetContext().isLocalEmail(recipient)) {
                notices.send(getMailetContext(), recipient, "[격리/Quarantined]", mail.getMessage(), "notice.quarantined",
                    sender, reason, mail.getName());
            }
        }
    }

    @Override
    public String getMailetInfo() {
        return "govmail: tells recipients about quarantined mail";
    }
}
