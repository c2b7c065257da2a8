package org.govmail.auth.lifecycle;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.govmail.auth.account.Account;
import org.govmail.auth.account.AccountRegistry;
import org.govmail.auth.account.RegisteredCertificate;
import org.govmail.auth.i18n.Texts;
import org.govmail.auth.institution.Administrator;
import org.govmail.auth.institution.Institution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mails the account lifecycle sends, each in its reader's language. A notice that cannot be queued
 * is logged and does not undo the change it reports: the change is the user's business, the mail a
 * courtesy (and the audit log holds the record either way).
 */
public final class Notifications {
    private static final Logger LOGGER = LoggerFactory.getLogger(Notifications.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Seoul"));

    private final Notifier notifier;
    private final Texts texts;
    private final AccountRegistry accounts;

    public Notifications(Notifier notifier, Texts texts, AccountRegistry accounts) {
        this.notifier = notifier;
        this.texts = texts;
        this.accounts = accounts;
    }

    /** To each administrator of the institution: a new account waits for their decision. */
    public void signupSubmitted(Account account, Institution institution) {
        for (Administrator administrator : institution.administrators()) {
            String language = accounts.find(administrator.account()).map(Account::language).orElse(Texts.KOREAN);
            send(List.of(administrator.account()),
                texts.text(language, "notice.signup.subject", account.name(), account.id()),
                texts.text(language, "notice.signup.body", administrator.name(), account.name(), account.id(),
                    institution.name(), account.type().name()));
        }
    }

    /** To the account holder: their account was approved, rejected, suspended, reinstated or retired. */
    public void decision(Account account, String decision, String reason) {
        String language = account.language();
        send(List.of(account.id()),
            texts.text(language, "notice." + decision + ".subject"),
            texts.text(language, "notice." + decision + ".body", account.name(), account.id(), reason == null ? "-" : reason));
    }

    public void certificateExpiring(Account account, RegisteredCertificate certificate, int days) {
        String language = account.language();
        send(List.of(account.id()),
            texts.text(language, "notice.reminder.subject", days),
            texts.text(language, "notice.reminder.body", account.name(), days, DATE.format(certificate.notAfter()),
                certificate.subject(), certificate.fingerprint()));
    }

    private void send(List<String> recipients, String subject, String body) {
        try {
            notifier.send(new Notice(recipients, subject, body));
        } catch (Exception e) {
            LOGGER.warn("could not queue notice '{}' to {}: {}", subject, recipients, e.toString());
        }
    }
}
