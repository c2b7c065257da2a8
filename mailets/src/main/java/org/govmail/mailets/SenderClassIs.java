package org.govmail.mailets;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.govmail.mailets.routing.AddressClass;
import org.govmail.mailets.routing.AddressClassifier;

/**
 * Matches the whole mail when its envelope sender's address is of the given classes; a mail without
 * sender (a bounce) never matches. Condition as {@link RecipientClassIs}.
 */
public final class SenderClassIs extends GenericMatcher {
    private final AddressClassifier classifier;
    private Set<AddressClass> wanted;

    @Inject
    public SenderClassIs(AddressClassifier classifier) {
        this.classifier = classifier;
    }

    @Override
    public void init() throws MessagingException {
        wanted = RecipientClassIs.classes(getCondition());
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return mail.getMaybeSender().asOptional()
            .filter(sender -> wanted.contains(classifier.classify(sender)))
            .map(sender -> (Collection<MailAddress>) mail.getRecipients())
            .orElse(List.of());
    }
}
