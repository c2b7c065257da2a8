package org.govmail.mailets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.govmail.auth.account.Account;
import org.govmail.auth.account.AccountRegistry;
import org.govmail.auth.account.AccountStatus;
import org.govmail.auth.i18n.Texts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mail to a retired account is not delivered: it goes to the address the retirement named (the
 * institution's representative account, say), or it bounces to its sender with a clear reason in Korean
 * and English. Other recipients of the same mail are untouched. Matches All and edits the recipient list
 * in place (no split), so it can sit before the exactly-once delivery guard.
 *
 * <pre>{@code <mailet match="All" class="org.govmail.mailets.RetiredRecipients"/>}</pre>
 */
public final class RetiredRecipients extends GenericMailet {
    private static final String UTF_8 = "UTF-8";
    private static final Logger LOGGER = LoggerFactory.getLogger(RetiredRecipients.class);

    private final AccountRegistry accounts;
    private final Texts texts;

    @Inject
    public RetiredRecipients(AccountRegistry accounts, Texts texts) {
        this.accounts = accounts;
        this.texts = texts;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Set<MailAddress> keep = new LinkedHashSet<>();
        List<MailAddress> bounced = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            Optional<Account> retired = accounts.find(recipient.asString()).filter(account -> account.status() == AccountStatus.RETIRED);
            if (retired.isEmpty()) {
                keep.add(recipient);
            } else if (retired.get().redirectTo().isPresent()) {
                MailAddress target = new MailAddress(retired.get().redirectTo().get());
                LOGGER.info("mail {} to retired {} redirected to {}", mail.getName(), recipient, target);
                keep.add(target);
            } else {
                bounced.add(recipient);
            }
        }
        if (!bounced.isEmpty()) {
            bounce(mail, bounced);
        }
        if (keep.size() != mail.getRecipients().size() || !keep.containsAll(mail.getRecipients())) {
            mail.setRecipients(keep);
            if (keep.isEmpty()) {
                mail.setState(Mail.GHOST);
            }
        }
    }

    /**
     * A bounce of our own rather than MailetContext.bounce: UTF-8 throughout (the text is Korean), the
     * original's headers attached so the sender sees which message it was, and a null reverse path.
     */
    private void bounce(Mail mail, List<MailAddress> retired) throws MessagingException {
        if (!mail.hasSender()) {
            LOGGER.info("mail {} to retired {} dropped: it has no sender to bounce to", mail.getName(), retired);
            return;
        }
        String who = retired.stream().map(MailAddress::asString).collect(Collectors.joining(", "));
        MimeMessage original = mail.getMessage();
        MimeMessage bounce = new MimeMessage(Session.getInstance(new Properties()));
        bounce.setFrom(getMailetContext().getPostmaster().asString());
        bounce.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.getMaybeSender().asString()));
        bounce.setSubject("[반송/Undeliverable] " + Optional.ofNullable(original.getSubject()).orElse(""), UTF_8);
        bounce.setSentDate(new Date());
        bounce.setHeader("Auto-Submitted", "auto-replied");
        String messageId = original.getMessageID();
        if (messageId != null) {
            bounce.setHeader("In-Reply-To", messageId);
        }
        MimeBodyPart explanation = new MimeBodyPart();
        explanation.setText(texts.text(Texts.KOREAN, "bounce.retired", who) + "\n\n" + texts.text(Texts.ENGLISH, "bounce.retired", who) + "\n", UTF_8);
        MimeBodyPart headers = new MimeBodyPart();
        StringBuilder text = new StringBuilder();
        for (String line : Collections.list(original.getAllHeaderLines())) {
            text.append(line).append("\r\n");
        }
        headers.setContent(text.toString(), "text/rfc822-headers; charset=UTF-8");
        MimeMultipart parts = new MimeMultipart("mixed");
        parts.addBodyPart(explanation);
        parts.addBodyPart(headers);
        bounce.setContent(parts);
        bounce.saveChanges();
        getMailetContext().sendMail(null, List.of(mail.getMaybeSender().get()), bounce);
        LOGGER.info("mail {} to retired {} bounced to {}", mail.getName(), who, mail.getMaybeSender().asString());
    }

    @Override
    public String getMailetInfo() {
        return "govmail: redirects or bounces mail to retired accounts";
    }
}
