package org.govmail.mailets;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.govmail.mailets.routing.AddressClass;
import org.govmail.mailets.routing.AddressClassifier;

/**
 * Matches the recipients whose address is of the given classes (so James splits the mail by route).
 *
 * <pre>{@code <mailet match="org.govmail.mailets.RecipientClassIs=inter-ministry" class="...">}</pre>
 * Condition: one or more of {@code local}, {@code inter-ministry}, {@code outside}, comma separated.
 */
public final class RecipientClassIs extends GenericMatcher {
    private final AddressClassifier classifier;
    private Set<AddressClass> wanted;

    @Inject
    public RecipientClassIs(AddressClassifier classifier) {
        this.classifier = classifier;
    }

    @Override
    public void init() throws MessagingException {
        wanted = classes(getCondition());
    }

    private static Set<AddressClass> classes(String condition) throws MessagingException {
        if (condition == null || condition.isBlank()) {
            throw new MessagingException("name the address classes: local, inter-ministry, outside");
        }
        Set<AddressClass> classes = EnumSet.noneOf(AddressClass.class);
        try {
            for (String name : condition.split(",")) {
                classes.add(AddressClass.fromConfigName(name));
            }
        } catch (IllegalArgumentException e) {
            throw new MessagingException(e.getMessage());
        }
        return classes;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return mail.getRecipients().stream().filter(recipient -> wanted.contains(classifier.classify(recipient))).toList();
    }
}
