package org.govmail.auth.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.govmail.auth.account.Account;
import org.govmail.auth.account.AccountStatus;
import org.govmail.auth.account.AccountType;
import org.govmail.auth.account.NewAccount;
import org.govmail.auth.account.jpa.AccountEntity;
import org.govmail.auth.account.jpa.CertificateEntity;
import org.govmail.auth.account.jpa.JpaAccountRegistry;
import org.govmail.auth.audit.jpa.AuditEventEntity;
import org.govmail.auth.audit.jpa.JpaAuditLog;
import org.govmail.auth.cert.Certificates;
import org.govmail.auth.cert.ValidatedCertificate;
import org.govmail.auth.config.LifecycleConfiguration;
import org.govmail.auth.devpki.DevPki;
import org.govmail.auth.devpki.PkiBuilder.Issued;
import org.govmail.auth.i18n.Texts;
import org.govmail.auth.lifecycle.jpa.JpaOnceMarks;
import org.govmail.auth.lifecycle.jpa.LifecycleMarkEntity;
import org.govmail.auth.signup.jpa.JpaSignupSessions;
import org.govmail.auth.signup.jpa.SignupSessionEntity;
import org.govmail.auth.testing.MovableClock;
import org.govmail.auth.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled side of the lifecycle on the real JPA stores (in-memory Derby) with a clock the test
 * moves: reminders at the closest threshold and once each, scheduled retirements, retention of rejected
 * accounts' mail. Mail sending and mailbox removal are recorded instead of done.
 */
class HousekeepingTest {
    @TempDir
    static Path pkiFolder;

    private static DevPki pki;
    private final MovableClock clock = new MovableClock(Instant.parse("2027-01-10T00:00:00Z"));
    private final List<Notice> sent = new ArrayList<>();
    private final List<String> purged = new ArrayList<>();
    private TestDatabase database;
    private JpaAccountRegistry registry;
    private Housekeeping housekeeping;

    @BeforeEach
    void setUp() throws Exception {
        if (pki == null) {
            pki = DevPki.create(pkiFolder.resolve("pki"));
        }
        database = TestDatabase.inMemory(AccountEntity.class, CertificateEntity.class, LifecycleMarkEntity.class, AuditEventEntity.class,
            SignupSessionEntity.class);
        registry = new JpaAccountRegistry(database.factory(), clock);
        JpaAuditLog audit = new JpaAuditLog(database.factory(), clock);
        Notifications notifications = new Notifications(sent::add, new Texts(), registry);
        LifecycleConfiguration settings = LifecycleConfiguration.defaults();
        // The validator is only used to register certificates, which housekeeping never does.
        AccountLifecycle lifecycle = new AccountLifecycle(registry, null, audit, notifications, new LiveSessions(), settings, clock);
        housekeeping = new Housekeeping(registry, lifecycle, notifications, new RecordingArchive(), new JpaOnceMarks(database.factory(), clock),
            new JpaSignupSessions(database.factory()), audit, settings, clock);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void remindsThirtySevenAndOneDayBeforeExpiryOnceEach() throws Exception {
        Account account = account("kim@korea.kr", "김선우", clock.instant().plus(Duration.ofDays(29)));
        assertThat(housekeeping.run().reminders()).isEqualTo(1);
        assertThat(housekeeping.run().reminders()).isZero();
        assertThat(sent).singleElement().satisfies(notice -> {
            assertThat(notice.recipients()).containsExactly(account.id());
            assertThat(notice.subject()).contains("30일 후 만료");
        });
        clock.advance(Duration.ofDays(23));
        assertThat(housekeeping.run().reminders()).isEqualTo(1);
        clock.advance(Duration.ofDays(5).plusHours(12));
        assertThat(housekeeping.run().reminders()).isEqualTo(1);
        assertThat(housekeeping.run().reminders()).isZero();
        assertThat(sent).extracting(Notice::subject).containsExactly(
            "[공직자 통합메일] 등록된 인증서가 30일 후 만료됩니다",
            "[공직자 통합메일] 등록된 인증서가 7일 후 만료됩니다",
            "[공직자 통합메일] 등록된 인증서가 1일 후 만료됩니다");
    }

    @Test
    void aCertificateRegisteredLateGetsOnlyTheClosestReminderAndARenewedOneNone() throws Exception {
        account("late@korea.kr", "이영희", clock.instant().plus(Duration.ofDays(5)));
        Account renewed = account("renewed@korea.kr", "박민수", clock.instant().plus(Duration.ofDays(10)));
        registry.addCertificate(renewed.id(), validated("박민수", clock.instant().plus(Duration.ofDays(400))));
        assertThat(housekeeping.run().reminders()).isEqualTo(1);
        assertThat(sent).singleElement().satisfies(notice -> {
            assertThat(notice.recipients()).containsExactly("late@korea.kr");
            assertThat(notice.subject()).contains("7일 후");
        });
    }

    @Test
    void aScheduledRetirementHappensWhenItsDateHasCome() throws Exception {
        Account account = account("leaving@korea.kr", "정퇴직", clock.instant().plus(Duration.ofDays(300)));
        registry.scheduleRetirement(account.id(), Optional.of(clock.instant().plus(Duration.ofHours(1))), Optional.of("정년퇴직"), Optional.empty());
        assertThat(housekeeping.run().retired()).isZero();
        clock.advance(Duration.ofHours(2));
        assertThat(housekeeping.run().retired()).isEqualTo(1);
        assertThat(registry.find(account.id()).orElseThrow().status()).isEqualTo(AccountStatus.RETIRED);
        assertThat(registry.find(account.id()).orElseThrow().statusReason()).isEqualTo("정년퇴직");
        assertThat(registry.certificates(account.id())).noneMatch(certificate -> certificate.active());
        assertThat(housekeeping.run().retired()).isZero();
    }

    @Test
    void rejectedMailIsRemovedOnceAfterTheRetentionPeriod() throws Exception {
        Account account = account("rejected@korea.kr", "남궁민", clock.instant().plus(Duration.ofDays(300)), AccountStatus.PENDING);
        registry.changeStatus(account.id(), AccountStatus.REJECTED, "소속 확인 불가");
        clock.advance(Duration.ofDays(29));
        assertThat(housekeeping.run().purged()).isZero();
        clock.advance(Duration.ofDays(2));
        assertThat(housekeeping.run().purged()).isEqualTo(1);
        assertThat(housekeeping.run().purged()).isZero();
        assertThat(purged).containsExactly(account.id());
    }

    private Account account(String id, String name, Instant notAfter) throws Exception {
        return account(id, name, notAfter, AccountStatus.APPROVED);
    }

    private Account account(String id, String name, Instant notAfter, AccountStatus status) throws Exception {
        return registry.create(new NewAccount(id, name, AccountType.INDIVIDUAL, "1741000", status, "ko"),
            "hash", validated(name, notAfter));
    }

    private ValidatedCertificate validated(String name, Instant notAfter) {
        Issued issued = pki.issue(DevPki.Scheme.GPKI, name, "행정안전부",
            spec -> spec.validity(clock.instant().minus(Duration.ofDays(30)), notAfter));
        return new ValidatedCertificate(issued.certificate(), pki.ca(DevPki.Scheme.GPKI).certificate(), "GPKI", name,
            Certificates.fingerprint(issued.certificate()), clock.instant());
    }

    private final class RecordingArchive implements MailArchive {
        @Override
        public void createInbox(String accountId) {
        }

        @Override
        public List<Folder> folders(String accountId) {
            return List.of();
        }

        @Override
        public void writeMbox(String accountId, String folder, OutputStream out) {
        }

        @Override
        public void writeZip(String accountId, OutputStream out) {
        }

        @Override
        public void deleteAll(String accountId) {
            purged.add(accountId);
        }
    }

}
