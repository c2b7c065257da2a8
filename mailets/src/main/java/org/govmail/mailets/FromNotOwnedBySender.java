package org.govmail.mailets;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

/**
 * Matches a mail submitted by an authenticated user whose {@code From} header names anyone else: every
 * From address must be the account's own address (case-insensitive). A missing or unreadable From
 * matches too. Mail nobody authenticated for (inbound, the server's own notices) never matches: the MX
 * checks other things. No condition.
 */
public final class FromNotOwnedBySender extends GenericMatcher {
    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        Optional<String> user = AttributeUtils.getValueAndCastFromMail(mail, Mail.SMTP_AUTH_USER, String.class);
        if (user.isEmpty()) {
            return List.of();
        }
        String[] from = mail.getMessage().getHeader("From");
        if (from == null || from.length == 0) {
            RefusalDetail.set(mail, "From: (missing)");
            return mail.getRecipients();
        }
        String owner = user.get().toLowerCase(Locale.ROOT);
        for (String header : from) {
            InternetAddress[] addresses;
            try {
                addresses = InternetAddress.parseHeader(header, false);
            } catch (AddressException e) {
                RefusalDetail.set(mail, "From: " + header.strip());
                return mail.getRecipients();
            }
            for (InternetAddress address : addresses) {
                if (address.getAddress() == null || !address.getAddress().toLowerCase(Locale.ROOT).equals(owner)) {
                    RefusalDetail.set(mail, "From: " + address.getAddress());
                    return mail.getRecipients();
                }
            }
            if (addresses.length == 0) {
                RefusalDetail.set(mail, "From: (empty)");
                return mail.getRecipients();
            }
        }
        return List.of();
    }
}
