package org.govmail.mailets;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

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
    private static final Logger LOGGER = LoggerFactory.getLogger(RetiredRecipients.class);

    private final AccountRegistry accounts;
    private final Notices notices;

    @Inject
    public RetiredRecipients(AccountRegistry accounts, Texts texts) {
        this.accounts = accounts;
        this.notices = new Notices(texts);
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
        notices.send(getMailetContext(), mail.getMaybeSender().get(), "[반송/Undeliverable]", mail.getMessage(), "bounce.retired", who);
        LOGGER.info("mail {} to retired {} bounced to {}", mail.getName(), who, mail.getMaybeSender().asString());
    }

    @Override
    public String getMailetInfo() {
        return "govmail: redirects or bounces mail to retired accounts";
    }
}
