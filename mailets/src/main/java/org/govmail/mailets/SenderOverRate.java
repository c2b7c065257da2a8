package org.govmail.mailets;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.govmail.auth.account.AccountRegistry;
import org.govmail.auth.account.AccountStatus;
import org.govmail.mailets.outbound.SendRateLimiter;
import org.govmail.mailets.outbound.SendRateLimits;
import org.govmail.mailets.routing.RoutingConfiguration;

/**
 * Matches a mail whose sender has used up their outside sending allowance ({@code govmail-routing.xml},
 * {@code rateLimits}): every recipient counts once, PENDING accounts have the stricter limit. The sender
 * is the authenticated user, else the envelope sender; bounces (no sender) are never limited. A mail
 * that fits is counted and does not match. No condition.
 */
public final class SenderOverRate extends GenericMatcher {
    private final AccountRegistry accounts;
    private final SendRateLimits limits;
    private final SendRateLimiter limiter;

    @Inject
    public SenderOverRate(AccountRegistry accounts, RoutingConfiguration configuration, Clock clock) {
        this.accounts = accounts;
        this.limits = configuration.rateLimits();
        this.limiter = new SendRateLimiter(clock, limits.window());
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        Optional<String> sender = AttributeUtils.getValueAndCastFromMail(mail, Mail.SMTP_AUTH_USER, String.class)
            .or(() -> mail.getMaybeSender().asOptional().map(MailAddress::asString));
        if (sender.isEmpty()) {
            return List.of();
        }
        boolean pending = accounts.find(sender.get()).map(account -> account.status() == AccountStatus.PENDING).orElse(false);
        int limit = pending ? limits.pending() : limits.approved();
        if (limiter.tryAcquire(sender.get().toLowerCase(java.util.Locale.ROOT), mail.getRecipients().size(), limit)) {
            return List.of();
        }
        RefusalDetail.set(mail, limit + (pending ? " (pending account)" : "") + " / " + limits.window());
        return mail.getRecipients();
    }
}
