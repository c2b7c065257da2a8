package org.govmail.mailets;

import java.nio.charset.StandardCharsets;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Marks mail from the outside internet so that officials can tell it from government mail: a subject
 * prefix (not repeated when a reply already carries it) and a header.
 * Parameters: {@code subjectPrefix} (default {@code [외부메일]}), {@code header} (default
 * {@code X-Govmail-Origin}), {@code value} (default {@code outside}).
 */
public final class MarkOutsideMail extends GenericMailet {
    private String prefix;
    private String header;
    private String value;

    @Override
    public void init() {
        prefix = getInitParameter("subjectPrefix", "[외부메일]");
        header = getInitParameter("header", "X-Govmail-Origin");
        value = getInitParameter("value", "outside");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        String subject = message.getSubject();
        if (!prefix.isEmpty() && (subject == null || !subject.contains(prefix))) {
            message.setSubject(subject == null || subject.isEmpty() ? prefix : prefix + " " + subject, StandardCharsets.UTF_8.name());
        }
        message.setHeader(header, value);
        message.saveChanges();
    }

    @Override
    public String getMailetInfo() {
        return "govmail: marks mail from outside";
    }
}
