package org.govmail.mailets;

import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * How a content check holds a mail: the reason in a mail attribute (which the quarantine processor's
 * notice and repository keep), the mail sent to the quarantine processor.
 */
public final class Quarantine {
    public static final AttributeName REASON = AttributeName.of("govmail.quarantine.reason");
    public static final String DEFAULT_PROCESSOR = "quarantine";

    private Quarantine() {
    }

    public static void hold(Mail mail, String processor, String reason) {
        mail.setAttribute(new Attribute(REASON, AttributeValue.of(reason)));
        mail.setState(processor);
    }

    public static Optional<String> reason(Mail mail) {
        return mail.getAttribute(REASON).map(attribute -> String.valueOf(attribute.getValue().value()));
    }
}
