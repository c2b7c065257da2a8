package org.govmail.server.wiring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.inject.Inject;
import javax.inject.Singleton;
import javax.persistence.EntityManagerFactory;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.webadmin.Routes;
import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.account.AccountRegistry;
import org.govmail.auth.admin.RestSupport;
import org.govmail.auth.admin.TokenRoutes;
import org.govmail.auth.audit.AuditLog;
import org.govmail.auth.cert.CertificateValidator;
import org.govmail.auth.cert.Certificates;
import org.govmail.auth.config.TokenConfiguration;
import org.govmail.auth.gate.RateLimiter;
import org.govmail.auth.gate.TokenLogins;
import org.govmail.auth.lifecycle.LiveSessions;
import org.govmail.auth.lifecycle.TokenRevocation;
import org.govmail.auth.token.AccessTokenCodec;
import org.govmail.auth.token.ChallengeSignatureVerifier;
import org.govmail.auth.token.DevFrontEnd;
import org.govmail.auth.token.FrontEnd;
import org.govmail.auth.token.FrontEndTokenLogins;
import org.govmail.auth.token.FrontEnds;
import org.govmail.auth.token.TokenAuthenticator;
import org.govmail.auth.token.TokenSessions;
import org.govmail.auth.token.TokenSigningKey;
import org.govmail.auth.token.TokenSigningKeys;
import org.govmail.auth.token.WebLogin;
import org.govmail.auth.token.jpa.JpaLoginChallenges;
import org.govmail.auth.token.jpa.JpaTokenSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;

/**
 * The web front end's certificate login and its tokens, from {@code conf/govmail-tokens.xml}: signing keys
 * (generated on first start where the configuration says so), front ends (a development one generated
 * when the configuration names a devFolder), the shared challenge and session stores, and the
 * {@link TokenLogins} the gate uses for OAUTHBEARER/XOAUTH2.
 */
public class TokenModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(TokenModule.class);

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Routes.class).addBinding().to(TokenRoutes.class);
        bind(KeysAtStart.class).asEagerSingleton();
    }

    @Provides
    @Singleton
    TokenConfiguration configuration(ConfigurationProvider configurationProvider) throws ConfigurationException {
        return TokenConfiguration.read(configurationProvider.getConfiguration("govmail-tokens"));
    }

    @Provides
    @Singleton
    TokenSigningKeys signingKeys(TokenConfiguration configuration, FileSystem fileSystem) throws IOException, ConfigurationException {
        List<TokenSigningKey> keys = new ArrayList<>();
        for (TokenConfiguration.KeyLocation location : configuration.signingKeys()) {
            Path file = fileSystem.getFile(location.file()).toPath();
            if (!Files.exists(file)) {
                if (!location.generate()) {
                    throw new ConfigurationException("token signing key " + location.id() + ": " + location.file() + " not found");
                }
                TokenSigningKey.generate(location.id()).write(file);
                LOGGER.warn("Generated token signing key {} in {} (keep it secret; rotate by adding a new key in govmail-tokens.xml)",
                    location.id(), file);
            }
            keys.add(TokenSigningKey.read(location.id(), file));
        }
        return new TokenSigningKeys(keys, configuration.activeKey());
    }

    @Provides
    @Singleton
    FrontEnds frontEnds(TokenConfiguration configuration, FileSystem fileSystem) throws IOException, ConfigurationException {
        ConfiguredFiles.generateOnce(fileSystem, configuration.devFolder(), DevFrontEnd::existsIn, DevFrontEnd::create, LOGGER,
            "Generated a development web front end (client secret, TLS client certificate) in {}: not for production");
        List<FrontEnd> frontEnds = new ArrayList<>();
        for (TokenConfiguration.FrontEndLocations locations : configuration.frontEnds()) {
            String secret = Files.readString(ConfiguredFiles.resolve(fileSystem, locations.secretFile()), StandardCharsets.UTF_8).strip();
            Set<String> fingerprints = new HashSet<>();
            for (String certificate : locations.certificates()) {
                try {
                    for (var parsed : Certificates.parseAll(Files.readAllBytes(ConfiguredFiles.resolve(fileSystem, certificate)))) {
                        fingerprints.add(Certificates.fingerprint(parsed));
                    }
                } catch (GovmailAuthException e) {
                    throw new ConfigurationException("front end " + locations.id() + ": " + certificate + ": " + e.getMessage());
                }
            }
            try {
                frontEnds.add(FrontEnd.withSecret(locations.id(), secret, fingerprints));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(e.getMessage());
            }
        }
        LOGGER.info("Web front ends: {}", frontEnds);
        return new FrontEnds(frontEnds);
    }

    @Provides
    @Singleton
    TokenSessions tokenSessions(EntityManagerFactory factory) {
        return new JpaTokenSessions(factory);
    }

    @Provides
    @Singleton
    AccessTokenCodec codec(TokenSigningKeys keys, TokenConfiguration configuration) {
        return new AccessTokenCodec(keys, configuration.issuer(), Clock.systemUTC());
    }

    @Provides
    @Singleton
    TokenAuthenticator tokenAuthenticator(AccessTokenCodec codec, TokenSessions sessions, AccountRegistry registry,
                                          CertificateValidator validator) {
        return new TokenAuthenticator(codec, sessions, registry, validator);
    }

    @Provides
    @Singleton
    TokenLogins tokenLogins(FrontEnds frontEnds, TokenAuthenticator tokens) {
        return new FrontEndTokenLogins(frontEnds, tokens, Clock.systemUTC());
    }

    @Provides
    @Singleton
    WebLogin webLogin(EntityManagerFactory factory, TokenSessions sessions, AccessTokenCodec codec, TokenAuthenticator authenticator,
                      org.govmail.auth.gate.LoginGate gate, AccountRegistry registry, AuditLog audit, LiveSessions liveSessions,
                      TokenConfiguration configuration) {
        return new WebLogin(new JpaLoginChallenges(factory), sessions, codec, authenticator, new ChallengeSignatureVerifier(), gate,
            registry, new RateLimiter(configuration.perAccountPerMinute(), Clock.systemUTC()), audit, liveSessions, configuration,
            Clock.systemUTC());
    }

    @Provides
    @Singleton
    TokenRevocation tokenRevocation(WebLogin login) {
        return login;
    }

    @Provides
    @Singleton
    TokenRoutes tokenRoutes(WebLogin login, FrontEnds frontEnds, TokenSigningKeys keys, TokenConfiguration configuration, RestSupport rest) {
        return new TokenRoutes(login, frontEnds, keys, new RateLimiter(configuration.perAddressPerMinute(), Clock.systemUTC()), rest);
    }

    /** Keys and front ends are read (or generated) when the server starts: a broken configuration stops it at once. */
    static final class KeysAtStart {
        @Inject
        KeysAtStart(TokenSigningKeys keys, FrontEnds frontEnds) {
        }
    }
}
