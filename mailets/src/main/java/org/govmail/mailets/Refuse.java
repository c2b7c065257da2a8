package org.govmail.mailets;

import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.govmail.auth.i18n.Texts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a mail under a routing rule: logs the decision, and tells the sender why in Korean and English
 * (text {@code textKey} with the recipients as {0} and what the rule found as {1}). The mail itself goes
 * on to the next mailet, normally a {@code ToRepository} that keeps it for an administrator.
 * A mail without sender (a bounce) is refused silently: bounces are never bounced.
 *
 * <p>Parameters: {@code rule} (required), {@code textKey} (required), {@code subjectTag}
 * (default {@code [반송/Undeliverable]}), {@code detail} (the {1} when the matcher recorded nothing).
 */
public final class Refuse extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RouteLog.LOGGER);

    private final Notices notices;
    private final Texts texts;
    private String rule;
    private String textKey;
    private String subjectTag;
    private String detail;

    @Inject
    public Refuse(Texts texts) {
        this.texts = texts;
        this.notices = new Notices(texts);
    }

    @Override
    public void init() throws MessagingException {
        rule = getInitParameter("rule");
        textKey = getInitParameter("textKey");
        if (rule == null || rule.isBlank() || textKey == null || textKey.isBlank()) {
            throw new MessagingException("Refuse needs <rule> and <textKey>");
        }
        try {
            texts.text(Texts.KOREAN, textKey);
            texts.text(Texts.ENGLISH, textKey);
        } catch (RuntimeException e) {
            throw new MessagingException("Refuse: no text '" + textKey + "' in Korean and English");
        }
        subjectTag = getInitParameter("subjectTag", "[반송/Undeliverable]");
        detail = getInitParameter("detail", "-");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        String detail = RefusalDetail.of(mail).orElse(this.detail);
        RouteLog.decision(LOGGER, mail, rule, "refused detail=\"" + detail + "\"");
        if (mail.getMaybeSender().isNullSender()) {
            return;
        }
        String recipients = mail.getRecipients().stream().map(MailAddress::asString).collect(Collectors.joining(", "));
        notices.send(getMailetContext(), mail.getMaybeSender().get(), subjectTag, mail.getMessage(), textKey, recipients, detail);
    }

    @Override
    public String getMailetInfo() {
        return "govmail: refuses a mail under a routing rule and tells its sender";
    }
}
