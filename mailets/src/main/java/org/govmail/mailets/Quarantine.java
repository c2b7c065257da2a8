package org.govmail.mailets;

import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/** Sends a mail to the quarantine processor with the reason its recipients and the administrator will read. */
final class Quarantine {
    /** Also set directly in mailetcontainer.xml (SetMailAttribute) for DMARC quarantine. */
    static final AttributeName REASON = AttributeName.of("govmail.quarantine.reason");

    private Quarantine() {
    }

    static void hold(Mail mail, String processor, String reason) {
        mail.setAttribute(new Attribute(REASON, AttributeValue.of(reason)));
        mail.setState(processor);
    }

    static Optional<String> reason(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, REASON, String.class);
    }
}
