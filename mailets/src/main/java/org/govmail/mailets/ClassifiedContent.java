package org.govmail.mailets;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.govmail.mailets.outbound.ClassificationMarks;
import org.govmail.mailets.routing.RoutingConfiguration;

/**
 * Matches a mail that carries a security classification mark ({@code govmail-routing.xml},
 * {@code classification}): all its recipients, and the mark found is recorded for the bounce.
 * No condition.
 */
public final class ClassifiedContent extends GenericMatcher {
    private final ClassificationMarks marks;

    @Inject
    public ClassifiedContent(RoutingConfiguration configuration) {
        this.marks = configuration.classification();
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        Optional<String> mark = marks.find(mail.getMessage());
        if (mark.isEmpty()) {
            return List.of();
        }
        RefusalDetail.set(mail, mark.get());
        return mail.getRecipients();
    }
}
