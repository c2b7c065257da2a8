package org.govmail.mailets;

import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * What exactly a refusing matcher found (the classification mark, the spoofed From), carried on the mail
 * to the {@link Refuse} mailet that tells the sender.
 */
final class RefusalDetail {
    static final AttributeName NAME = AttributeName.of("govmail.refusal.detail");

    private RefusalDetail() {
    }

    static void set(Mail mail, String detail) {
        mail.setAttribute(new Attribute(NAME, AttributeValue.of(detail)));
    }

    static Optional<String> of(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, NAME, String.class);
    }
}
