package org.govmail.server.wiring;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import javax.inject.Singleton;
import javax.persistence.EntityManagerFactory;

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
import org.govmail.auth.lifecycle.LiveSessions;
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
        bind(AccountAdminService.class).in(Scopes.SINGLETON);
        // One list per server: the protocol handlers add to it, account status changes close from it.
        bind(LiveSessions.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(AccountRoutes.class);
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
        if (configuration.devPkiFolder().isPresent()) {
            Path folder = fileSystem.getFile("file://" + configuration.devPkiFolder().get()).toPath();
            if (!DevPki.existsIn(folder)) {
                DevPki.create(folder);
                LOGGER.warn("Generated a development PKI (GPKI/EPKI/NPKI-like test authorities) in {}: "
                    + "not for production, see README", folder);
            }
        }
        return new CertificateValidator(configuration.pkiSettings(location -> resolve(fileSystem, location)),
            revocation, Clock.systemUTC());
    }

    @Provides
    @Singleton
    RevocationSource revocation(AuthConfiguration configuration, FileSystem fileSystem) {
        RevocationSource crls = new CrlRevocationSource(configuration.revocation(), List.of(
            new FileCrlFetcher(uri -> resolve(fileSystem, uri.toString())),
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
    LoginGate gate(AccountRegistry registry, CertificateValidator validator, PasswordHasher hasher, AuthConfiguration configuration) {
        if (!configuration.requireCertificate()) {
            LOGGER.warn("The certificate gate is OFF (govmail-auth.xml gate@requireCertificate=false): password-only logins");
        }
        return new LoginGate(registry, validator, hasher,
            new LoginThrottle(configuration.maxFailures(), configuration.failureWindow(), Clock.systemUTC()),
            configuration.requireCertificate());
    }

    private static Path resolve(FileSystem fileSystem, String location) {
        try {
            return fileSystem.getFile(location).toPath();
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException(location + " not found", e);
        }
    }
}
