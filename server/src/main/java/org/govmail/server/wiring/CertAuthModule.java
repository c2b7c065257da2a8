package org.govmail.server.wiring;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.inject.Named;
import javax.inject.Singleton;
import javax.persistence.EntityManagerFactory;

import org.apache.james.domainlist.api.DomainList;
import org.apache.james.queue.api.MailQueueFactory;
import org.govmail.auth.account.AccountIds;
import org.govmail.auth.admin.AuditRoutes;
import org.govmail.auth.admin.InstitutionRoutes;
import org.govmail.auth.gate.RateLimiter;
import org.govmail.auth.admin.RestSupport;
import org.govmail.auth.admin.SelfRoutes;
import org.govmail.auth.admin.SignupRoutes;
import org.govmail.auth.audit.AuditLog;
import org.govmail.auth.audit.jpa.JpaAuditLog;
import org.govmail.auth.config.LifecycleConfiguration;
import org.govmail.auth.i18n.Texts;
import org.govmail.auth.identity.IdentityVerifier;
import org.govmail.auth.institution.InstitutionAdminService;
import org.govmail.auth.institution.InstitutionRegistry;
import org.govmail.auth.institution.jpa.JpaInstitutionRegistry;
import org.govmail.auth.lifecycle.AccountLifecycle;
import org.govmail.auth.lifecycle.Housekeeping;
import org.govmail.auth.lifecycle.LiveSessions;
import org.govmail.auth.lifecycle.SessionEndFollower;
import org.govmail.auth.lifecycle.jpa.JpaSessionEndFeed;
import org.govmail.auth.config.SessionEndSettings;
import org.govmail.auth.lifecycle.MailArchive;
import org.govmail.auth.lifecycle.Notifications;
import org.govmail.auth.lifecycle.jpa.JpaOnceMarks;
import org.govmail.auth.signup.SignupService;
import org.govmail.auth.signup.jpa.JpaSignupSessions;
import org.govmail.server.lifecycle.PeriodicTasks;
import org.govmail.server.lifecycle.SpoolNotifier;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.modules.server.JMXServer;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.webadmin.Routes;
import org.govmail.auth.account.AccountRegistry;
import org.govmail.auth.account.PasswordHasher;
import org.govmail.auth.account.jpa.JpaAccountRegistry;
import org.govmail.auth.admin.AccountAdminService;
import org.govmail.auth.admin.AccountManagement;
import org.govmail.auth.admin.AccountRoutes;
import org.govmail.auth.cert.CertificateValidator;
import org.govmail.auth.config.AuthConfiguration;
import org.govmail.auth.devpki.DevPki;
import org.govmail.auth.gate.LoginGate;
import org.govmail.auth.gate.LoginThrottle;
import org.govmail.auth.gate.TokenLogins;
import org.govmail.auth.lifecycle.TokenRevocation;
import org.govmail.auth.token.WebLogin;
import org.govmail.auth.revocation.CrlRevocationSource;
import org.govmail.auth.revocation.FileCrlFetcher;
import org.govmail.auth.revocation.HttpCrlFetcher;
import org.govmail.auth.revocation.LayeredRevocationSource;
import org.govmail.auth.revocation.LdapCrlFetcher;
import org.govmail.auth.revocation.OcspRevocationSource;
import org.govmail.auth.revocation.RevocationSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The certificate gate and the account registry, from {@code conf/govmail-auth.xml}. The protocol
 * servers reach the gate through {@link GateProtocolServersModule} and the handlers named in
 * {@code conf/*server.xml}.
 */
public class CertAuthModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(CertAuthModule.class);

    @Override
    protected void configure() {
        bind(PeriodicTasks.class).in(Scopes.SINGLETON);
        Multibinder<Routes> routes = Multibinder.newSetBinder(binder(), Routes.class);
        routes.addBinding().to(AccountRoutes.class);
        routes.addBinding().to(SelfRoutes.class);
        routes.addBinding().to(InstitutionRoutes.class);
        routes.addBinding().to(AuditRoutes.class);
        routes.addBinding().to(SignupRoutes.class);
    }

    @Provides
    @Singleton
    LifecycleConfiguration lifecycleConfiguration(ConfigurationProvider configurationProvider) throws ConfigurationException {
        return LifecycleConfiguration.read(configurationProvider.getConfiguration("govmail-lifecycle"));
    }

    @Provides
    @Singleton
    Texts texts() {
        return new Texts();
    }

    @Provides
    @Singleton
    RestSupport restSupport(Texts texts) {
        return new RestSupport(texts);
    }

    @Provides
    @Singleton
    AuditLog auditLog(EntityManagerFactory factory) {
        return new JpaAuditLog(factory, Clock.systemUTC());
    }

    @Provides
    @Singleton
    InstitutionRegistry institutionRegistry(EntityManagerFactory factory) {
        return new JpaInstitutionRegistry(factory, Clock.systemUTC());
    }

    @Provides
    @Singleton
    AccountIds accountIds(DomainList domains) {
        return new AccountIds(domains);
    }

    @Provides
    @Singleton
    Notifications notifications(MailQueueFactory<?> queues, DomainList domains, Texts texts, AccountRegistry registry,
                                LifecycleConfiguration settings) {
        return new Notifications(new SpoolNotifier(queues, domains, settings.notificationSender()), texts, registry);
    }

    @Provides
    @Singleton
    AccountAdminService accountAdminService(AccountRegistry registry, CertificateValidator validator, PasswordHasher hasher,
                                            AccountIds ids, MailArchive archive, AuditLog audit, InstitutionRegistry institutions) {
        return new AccountAdminService(registry, validator, hasher, ids, archive, audit, institutions);
    }

    @Provides
    @Singleton
    AccountLifecycle accountLifecycle(AccountRegistry registry, CertificateValidator validator, AuditLog audit,
                                      Notifications notifications, LiveSessions sessions, TokenRevocation tokens,
                                      LifecycleConfiguration settings) {
        return new AccountLifecycle(registry, validator, audit, notifications, sessions, tokens, settings, Clock.systemUTC());
    }

    @Provides
    @Singleton
    InstitutionAdminService institutionAdminService(InstitutionRegistry registry, AccountRegistry accounts, AuditLog audit) {
        return new InstitutionAdminService(registry, accounts, audit);
    }

    @Provides
    @Singleton
    SignupService signupService(AccountRegistry accounts, InstitutionRegistry institutions, CertificateValidator validator,
                                IdentityVerifier identity, PasswordHasher hasher, AccountIds ids, EntityManagerFactory factory,
                                MailArchive archive, Notifications notifications, AuditLog audit, LifecycleConfiguration settings) {
        return new SignupService(accounts, institutions, validator, identity, hasher, ids, new JpaSignupSessions(factory), archive,
            notifications, audit, settings, Clock.systemUTC());
    }

    @Provides
    @Singleton
    Housekeeping housekeeping(AccountRegistry registry, AccountLifecycle lifecycle, Notifications notifications, MailArchive archive,
                              EntityManagerFactory factory, AuditLog audit, LifecycleConfiguration settings) {
        return new Housekeeping(registry, lifecycle, notifications, archive, new JpaOnceMarks(factory, Clock.systemUTC()),
            new JpaSignupSessions(factory), audit,
            settings, Clock.systemUTC());
    }

    @Provides
    @Singleton
    AccountRoutes accountRoutes(AccountAdminService service, AccountLifecycle lifecycle, MailArchive archive, WebLogin webLogin,
                                AuditLog audit, RestSupport rest) {
        return new AccountRoutes(service, lifecycle, archive, webLogin, audit, rest);
    }

    @Provides
    @Singleton
    SelfRoutes selfRoutes(AccountRoutes accounts) {
        return new SelfRoutes(accounts);
    }

    @Provides
    @Singleton
    InstitutionRoutes institutionRoutes(InstitutionAdminService service, RestSupport rest) {
        return new InstitutionRoutes(service, rest);
    }

    @Provides
    @Singleton
    AuditRoutes auditRoutes(AuditLog audit, Housekeeping housekeeping, RestSupport rest) {
        return new AuditRoutes(audit, housekeeping, rest);
    }

    @Provides
    @Singleton
    SignupRoutes signupRoutes(SignupService signup, InstitutionAdminService institutions, LifecycleConfiguration settings,
                              Texts texts, RestSupport rest) {
        return new SignupRoutes(signup, institutions, settings, new RateLimiter(settings.publicRequestsPerMinute(), Clock.systemUTC()),
            texts, rest);
    }

    @Provides
    @Singleton
    AccountManagement accountManagement(AccountAdminService accounts, AccountLifecycle lifecycle, InstitutionAdminService institutions,
                                        MailArchive archive, AuditLog audit, Housekeeping housekeeping) {
        return new AccountManagement(accounts, lifecycle, institutions, archive, audit, housekeeping);
    }

    /** The first run comes a minute after start (or sooner if the interval is shorter): start-up is not slowed down. */
    @ProvidesIntoSet
    InitializationOperation scheduleHousekeeping(PeriodicTasks tasks, Housekeeping housekeeping, LifecycleConfiguration settings) {
        Duration interval = settings.housekeepingInterval();
        Duration first = interval.compareTo(Duration.ofMinutes(1)) < 0 ? interval : Duration.ofMinutes(1);
        return InitilizationOperationBuilder.forClass(PeriodicTasks.class)
            .init(() -> tasks.every("housekeeping", first, interval, housekeeping::run));
    }

    @Provides
    @Singleton
    SessionEndSettings sessionEndSettings(ConfigurationProvider configurationProvider) throws ConfigurationException {
        return SessionEndSettings.read(configurationProvider.getConfiguration("govmail-lifecycle"));
    }

    /**
     * This node's name in the session-end feed and its log lines: {@code -Dgovmail.node=...} (scripts/cluster sets
     * it), otherwise the host name from the environment and the process id, which no other running node has. No
     * resolver lookup: a badly configured resolver must not slow down the start.
     */
    @Provides
    @Singleton
    @Named("govmail.node")
    String nodeName() {
        String configured = System.getProperty("govmail.node", "").trim();
        if (!configured.isEmpty()) {
            return configured;
        }
        String host = System.getenv().getOrDefault("HOSTNAME", "").trim();
        return (host.isEmpty() ? "node" : host) + ":" + ProcessHandle.current().pid();
    }

    @Provides
    @Singleton
    JpaSessionEndFeed sessionEndFeed(EntityManagerFactory factory, @Named("govmail.node") String node) {
        return new JpaSessionEndFeed(factory, node, Clock.systemUTC());
    }

    @Provides
    @Singleton
    LiveSessions liveSessions(JpaSessionEndFeed feed) {
        return new LiveSessions(feed);
    }

    @ProvidesIntoSet
    InitializationOperation followSessionEnds(PeriodicTasks tasks, JpaSessionEndFeed feed, LiveSessions sessions,
                                              SessionEndSettings settings, @Named("govmail.node") String node) {
        SessionEndFollower follower = new SessionEndFollower(feed, sessions, node, settings.window(), Clock.systemUTC());
        return InitilizationOperationBuilder.forClass(PeriodicTasks.class).init(() -> {
            follower.poll();
            tasks.every("following session ends", settings.poll(), settings.poll(), follower::poll);
            tasks.every("deleting old session ends", Duration.ofMinutes(1), Duration.ofHours(1),
                () -> feed.deleteBefore(Instant.now().minus(settings.keep())));
            LOGGER.info("node {} follows the session ends of the other nodes every {}", node, settings.poll());
        });
    }

    @Provides
    @Singleton
    AuthConfiguration authConfiguration(ConfigurationProvider configurationProvider) throws ConfigurationException {
        return AuthConfiguration.read(configurationProvider.getConfiguration("govmail-auth"));
    }

    @Provides
    @Singleton
    CertificateValidator validator(AuthConfiguration configuration, FileSystem fileSystem, RevocationSource revocation)
            throws ConfigurationException, IOException {
        ConfiguredFiles.generateOnce(fileSystem, configuration.devPkiFolder(), DevPki::existsIn, DevPki::create, LOGGER,
            "Generated a development PKI (GPKI/EPKI/NPKI-like test authorities) in {}: not for production, see README");
        return new CertificateValidator(configuration.pkiSettings(location -> ConfiguredFiles.resolve(fileSystem, location)),
            revocation, Clock.systemUTC());
    }

    @Provides
    @Singleton
    RevocationSource revocation(AuthConfiguration configuration, FileSystem fileSystem) {
        RevocationSource crls = new CrlRevocationSource(configuration.revocation(), List.of(
            new FileCrlFetcher(uri -> ConfiguredFiles.resolve(fileSystem, uri.toString())),
            new HttpCrlFetcher(configuration.revocation().fetchTimeout()),
            new LdapCrlFetcher(configuration.revocation().fetchTimeout())), Clock.systemUTC());
        if (!configuration.ocsp().enabled()) {
            return crls;
        }
        LOGGER.info("OCSP enabled as a second revocation source (responder: {})",
            configuration.ocsp().responder().map(Object::toString).orElse("the certificates' own"));
        return new LayeredRevocationSource(crls, new OcspRevocationSource(configuration.ocsp(), Clock.systemUTC()));
    }

    /** The same provisioning as WebAdmin's /govmail/accounts, for JMX clients and jconsole. */
    @ProvidesIntoSet
    InitializationOperation registerAccountManagement(JMXServer jmx, AccountManagement accounts) {
        return InitilizationOperationBuilder.forClass(JMXServer.class)
            .init(() -> jmx.register(AccountManagement.OBJECT_NAME, accounts));
    }

    @Provides
    @Singleton
    AccountRegistry registry(EntityManagerFactory factory) {
        return new JpaAccountRegistry(factory, Clock.systemUTC());
    }

    @Provides
    @Singleton
    PasswordHasher passwordHasher(AuthConfiguration configuration) {
        return new PasswordHasher(configuration.passwordIterations());
    }

    @Provides
    @Singleton
    LoginGate gate(AccountRegistry registry, CertificateValidator validator, PasswordHasher hasher, AuthConfiguration configuration,
                   AuditLog audit, TokenLogins tokens) {
        if (!configuration.requireCertificate()) {
            LOGGER.warn("The certificate gate is OFF (govmail-auth.xml gate@requireCertificate=false): password-only logins");
        }
        return new LoginGate(registry, validator, hasher,
            new LoginThrottle(configuration.maxFailures(), configuration.failureWindow(), Clock.systemUTC()),
            configuration.requireCertificate(), audit, tokens);
    }
}
