package org.govmail.auth.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.account.Account;
import org.govmail.auth.account.AccountRegistry;
import org.govmail.auth.account.AccountStatus;
import org.govmail.auth.account.RegisteredCertificate;
import org.govmail.auth.admin.Caller;
import org.govmail.auth.audit.AuditEntry;
import org.govmail.auth.audit.AuditLog;
import org.govmail.auth.config.LifecycleConfiguration;
import org.govmail.auth.signup.SignupSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled side of the lifecycle, run every {@code housekeeping@interval} (and on demand by the super
 * administrator): retirements whose date has come, certificate expiry reminders (30, 7 and 1 days before
 * by default, each sent once), removal of rejected accounts' mail once its retention period is over, and
 * of expired sign-up sessions.
 * Every step is idempotent and marked in the database, so it is safe on several nodes and after restarts.
 */
public final class Housekeeping {
    private static final Logger LOGGER = LoggerFactory.getLogger(Housekeeping.class);

    public record Report(int retired, int reminders, int purged, int expiredSignups) {
    }

    private final AccountRegistry registry;
    private final AccountLifecycle lifecycle;
    private final Notifications notifications;
    private final MailArchive archive;
    private final OnceMarks marks;
    private final SignupSessions signups;
    private final AuditLog audit;
    private final LifecycleConfiguration settings;
    private final Clock clock;

    public Housekeeping(AccountRegistry registry, AccountLifecycle lifecycle, Notifications notifications, MailArchive archive,
                        OnceMarks marks, SignupSessions signups, AuditLog audit, LifecycleConfiguration settings, Clock clock) {
        this.signups = signups;
        this.registry = registry;
        this.lifecycle = lifecycle;
        this.notifications = notifications;
        this.archive = archive;
        this.marks = marks;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    public Report run() {
        Instant now = clock.instant();
        Report report = new Report(retireDue(now), remind(now), purgeRejected(now), signups.purgeExpired(now));
        LOGGER.info("housekeeping: {} retired, {} reminder(s), {} mailbox set(s) purged, {} expired sign-up session(s) removed",
            report.retired(), report.reminders(), report.purged(), report.expiredSignups());
        return report;
    }

    private int retireDue(Instant now) {
        int retired = 0;
        for (Account account : registry.dueRetirements(now)) {
            String reason = account.retireReason().orElse("scheduled retirement");
            try {
                lifecycle.retire(Caller.system(), account.id(), reason, Optional.empty(), account.redirectTo());
                retired++;
            } catch (GovmailAuthException e) {
                if (e.reason() == Reason.REDIRECT_TARGET_INVALID) {
                    // The redirect target left in the meantime: retire anyway, the mail bounces instead.
                    retired += retireWithoutRedirect(account, reason);
                } else {
                    LOGGER.warn("scheduled retirement of {} failed: {} {}", account.id(), e.reason(), e.getMessage());
                }
            }
        }
        return retired;
    }

    private int retireWithoutRedirect(Account account, String reason) {
        try {
            lifecycle.retire(Caller.system(), account.id(), reason, Optional.empty(), Optional.empty());
            return 1;
        } catch (GovmailAuthException e) {
            LOGGER.warn("scheduled retirement of {} failed: {} {}", account.id(), e.reason(), e.getMessage());
            return 0;
        }
    }

    private int remind(Instant now) {
        if (settings.reminderDays().isEmpty()) {
            return 0;
        }
        int sent = 0;
        Instant horizon = now.plus(Duration.ofDays(settings.reminderDays().get(0)));
        for (RegisteredCertificate certificate : registry.activeCertificatesExpiring(now, horizon)) {
            Optional<Account> account = registry.find(certificate.accountId()).filter(found -> found.status().canLogIn());
            if (account.isEmpty() || renewed(certificate)) {
                continue;
            }
            // The closest threshold only: a certificate registered 5 days before expiry gets the 7-day reminder, not three at once.
            int days = closestThreshold(Duration.between(now, certificate.notAfter()));
            if (marks.markOnce("reminder|" + certificate.fingerprint() + "|" + days)) {
                notifications.certificateExpiring(account.get(), certificate, days);
                audit.record(AuditEntry.done(Caller.SYSTEM, "CERTIFICATE_EXPIRY_REMINDER", account.get().id(), account.get().institution(),
                    days + " day(s) before " + certificate.notAfter() + " for " + certificate.fingerprint()));
                sent++;
            }
        }
        return sent;
    }

    /** Another active registration outlives this one: the holder has renewed already. */
    private boolean renewed(RegisteredCertificate certificate) {
        return registry.certificates(certificate.accountId()).stream()
            .anyMatch(other -> other.active() && other.notAfter().isAfter(certificate.notAfter()));
    }

    private int closestThreshold(Duration left) {
        List<Integer> descending = settings.reminderDays();
        int chosen = descending.get(0);
        for (int days : descending) {
            if (left.compareTo(Duration.ofDays(days)) <= 0) {
                chosen = days;
            }
        }
        return chosen;
    }

    private int purgeRejected(Instant now) {
        int purged = 0;
        for (Account account : registry.inStatusSince(AccountStatus.REJECTED, now.minus(settings.rejectedMailRetention()))) {
            if (!marks.markOnce("purged|" + account.id() + "|" + account.statusChangedAt().toEpochMilli())) {
                continue;
            }
            try {
                archive.deleteAll(account.id());
                audit.record(AuditEntry.done(Caller.SYSTEM, "MAIL_PURGE", account.id(), account.institution(),
                    "mail removed after the retention period of " + settings.rejectedMailRetention()));
                purged++;
            } catch (Exception e) {
                LOGGER.warn("could not remove the mail of rejected account {}: {}", account.id(), e.toString());
            }
        }
        return purged;
    }
}
