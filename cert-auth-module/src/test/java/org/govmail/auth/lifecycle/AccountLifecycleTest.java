package org.govmail.auth.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.account.Account;
import org.govmail.auth.account.AccountStatus;
import org.govmail.auth.account.AccountType;
import org.govmail.auth.account.NewAccount;
import org.govmail.auth.account.jpa.AccountEntity;
import org.govmail.auth.account.jpa.CertificateEntity;
import org.govmail.auth.account.jpa.JpaAccountRegistry;
import org.govmail.auth.admin.Caller;
import org.govmail.auth.audit.jpa.AuditEventEntity;
import org.govmail.auth.audit.jpa.JpaAuditLog;
import org.govmail.auth.cert.Certificates;
import org.govmail.auth.cert.ValidatedCertificate;
import org.govmail.auth.config.LifecycleConfiguration;
import org.govmail.auth.devpki.DevPki;
import org.govmail.auth.devpki.PkiBuilder.Issued;
import org.govmail.auth.i18n.Texts;
import org.govmail.auth.testing.MovableClock;
import org.govmail.auth.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export window after retirement, on the real JPA registry with a clock the test moves. */
class AccountLifecycleTest {
    private static final String INSTITUTION = "1741000";

    @TempDir
    Path pkiFolder;

    private final MovableClock clock = new MovableClock(Instant.parse("2027-01-10T00:00:00Z"));
    private TestDatabase database;
    private JpaAccountRegistry registry;
    private AccountLifecycle lifecycle;

    @BeforeEach
    void setUp() {
        database = TestDatabase.inMemory(AccountEntity.class, CertificateEntity.class, AuditEventEntity.class);
        registry = new JpaAccountRegistry(database.factory(), clock);
        // The validator is only used to register certificates, which these tests do not do.
        lifecycle = new AccountLifecycle(registry, null, new JpaAuditLog(database.factory(), clock),
            new Notifications(notice -> { }, new Texts(), registry), new LiveSessions(), LifecycleConfiguration.defaults(), clock);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void administratorsExportARetiredAccountOnlyWithinTheConfiguredPeriod() throws Exception {
        Account account = account("leaving@korea.kr", "정퇴직");
        Caller administrator = Caller.accountHolder("admin@korea.kr", Set.of(INSTITUTION), "127.0.0.1");
        Caller holder = Caller.accountHolder(account.id(), Set.of(), "127.0.0.1");
        assertThat(lifecycle.requireExportable(holder, account.id()).id()).isEqualTo(account.id());
        assertThat(reason(() -> lifecycle.requireExportable(administrator, account.id()))).isEqualTo(Reason.FORBIDDEN);

        lifecycle.retire(administrator, account.id(), "정년퇴직", Optional.empty(), Optional.empty());
        assertThat(reason(() -> lifecycle.requireExportable(holder, account.id()))).isEqualTo(Reason.ACCOUNT_RETIRED);
        clock.advance(Duration.ofDays(89));
        assertThat(lifecycle.requireExportable(administrator, account.id()).status()).isEqualTo(AccountStatus.RETIRED);
        clock.advance(Duration.ofDays(2));
        assertThat(reason(() -> lifecycle.requireExportable(administrator, account.id()))).isEqualTo(Reason.EXPORT_NOT_AVAILABLE);
        assertThat(reason(() -> lifecycle.requireExportable(Caller.accountHolder("other@korea.kr", Set.of("1240000"), "-"),
            account.id()))).isEqualTo(Reason.FORBIDDEN);
    }

    private Account account(String id, String name) throws Exception {
        DevPki pki = DevPki.create(pkiFolder.resolve("pki"));
        Issued issued = pki.issue(DevPki.Scheme.GPKI, name, "행정안전부");
        ValidatedCertificate certificate = new ValidatedCertificate(issued.certificate(), pki.ca(DevPki.Scheme.GPKI).certificate(), "GPKI",
            name, Certificates.fingerprint(issued.certificate()), clock.instant());
        return registry.create(new NewAccount(id, name, AccountType.INDIVIDUAL, INSTITUTION, AccountStatus.APPROVED, "ko"), "hash", certificate);
    }

    @FunctionalInterface
    private interface Call {
        Object run() throws GovmailAuthException;
    }

    private static Reason reason(Call call) {
        try {
            call.run();
            throw new AssertionError("accepted");
        } catch (GovmailAuthException e) {
            return e.reason();
        }
    }
}
