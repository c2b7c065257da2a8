package org.govmail.server.wiring;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

import javax.inject.Inject;
import javax.inject.Singleton;
import javax.persistence.EntityManagerFactory;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.govmail.auth.identity.DevIdentityProvider;
import org.govmail.auth.identity.IdentityProvider;
import org.govmail.auth.identity.IdentityProvidersConfiguration;
import org.govmail.auth.identity.IdentityVerifier;
import org.govmail.auth.identity.JwsIdentityVerifier;
import org.govmail.auth.identity.jpa.JpaNonceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * Identity verification for sign-up step 2: the {@link IdentityVerifier} trusting the providers of
 * {@code conf/identity-providers.xml}, with its nonces in the shared database. Generates the development
 * provider's key pair on first start when the configuration has a devFolder.
 */
public class IdentityModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(IdentityModule.class);

    @Provides
    @Singleton
    IdentityProvidersConfiguration configuration(ConfigurationProvider configurationProvider) throws ConfigurationException {
        return IdentityProvidersConfiguration.read(configurationProvider.getConfiguration("identity-providers"));
    }

    @Provides
    @Singleton
    IdentityVerifier verifier(IdentityProvidersConfiguration configuration, FileSystem fileSystem, EntityManagerFactory database)
            throws ConfigurationException, IOException {
        ConfiguredFiles.generateOnce(fileSystem, configuration.devFolder(), DevIdentityProvider::existsIn, DevIdentityProvider::create,
            LOGGER, "Generated the development identity provider key pair in {}: it can vouch for anyone, "
                + "not for production (identity-providers.xml devFolder)");
        List<IdentityProvider> providers = configuration.load(location -> ConfiguredFiles.resolve(fileSystem, location));
        if (providers.isEmpty()) {
            LOGGER.warn("No identity provider configured (conf/identity-providers.xml): every identity assertion is refused");
        } else {
            LOGGER.info("Identity assertions accepted from {}",
                providers.stream().map(provider -> provider.id() + "/" + provider.keyId()).toList());
        }
        return new JwsIdentityVerifier(providers, configuration.maxAge(), configuration.clockSkew(),
            new JpaNonceStore(database, Clock.systemUTC()), Clock.systemUTC());
    }

    @Override
    protected void configure() {
        bind(VerifierAtStart.class).asEagerSingleton();
    }

    /**
     * Builds the verifier when the server starts rather than at the first sign-up: a broken configuration
     * stops the server at once, and the development key exists before anyone runs
     * {@code govmail-pki identity-assertion}.
     */
    static final class VerifierAtStart {
        @Inject
        VerifierAtStart(IdentityVerifier verifier) {
        }
    }

}
