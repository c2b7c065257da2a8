package org.govmail.mailets;

import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.apache.james.core.MailAddress;
import org.apache.mailet.MailetContext;
import org.govmail.auth.i18n.Texts;

/**
 * The server's own messages about a mail (a bounce, a quarantine notice): from the postmaster, Korean
 * text first and English after it, the original's headers attached as {@code text/rfc822-headers} (never
 * its body: a bounce must not carry refused content back out), marked {@code Auto-Submitted} so that
 * autoresponders do not answer them.
 */
public final class Notices {
    private static final String UTF_8 = "UTF-8";

    private final Texts texts;

    public Notices(Texts texts) {
        this.texts = texts;
    }

    /**
     * Sends {@code textKey} (with {@code arguments}) to {@code recipient} about {@code original}.
     * @param subjectTag e.g. {@code [반송/Undeliverable]}, put before the original's subject
     */
    public void send(MailetContext context, MailAddress recipient, String subjectTag, MimeMessage original,
                     String textKey, Object... arguments) throws MessagingException {
        MimeMessage notice = new MimeMessage(Session.getInstance(new Properties()));
        notice.setFrom(context.getPostmaster().asString());
        notice.setRecipient(Message.RecipientType.TO, new InternetAddress(recipient.asString()));
        notice.setSubject(subjectTag + " " + Optional.ofNullable(original.getSubject()).orElse(""), UTF_8);
        notice.setSentDate(new Date());
        notice.setHeader("Auto-Submitted", "auto-replied");
        String messageId = original.getMessageID();
        if (messageId != null) {
            notice.setHeader("In-Reply-To", messageId);
        }
        MimeBodyPart explanation = new MimeBodyPart();
        explanation.setText(texts.text(Texts.KOREAN, textKey, arguments) + "\n\n"
            + texts.text(Texts.ENGLISH, textKey, arguments) + "\n", UTF_8);
        MimeBodyPart headers = new MimeBodyPart();
        StringBuilder text = new StringBuilder();
        for (String line : Collections.list(original.getAllHeaderLines())) {
            text.append(line).append("\r\n");
        }
        headers.setContent(text.toString(), "text/rfc822-headers; charset=UTF-8");
        MimeMultipart parts = new MimeMultipart("mixed");
        parts.addBodyPart(explanation);
        parts.addBodyPart(headers);
        notice.setContent(parts);
        notice.saveChanges();
        context.sendMail(null, List.of(recipient), notice);
    }
}
