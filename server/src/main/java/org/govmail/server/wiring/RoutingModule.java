package org.govmail.server.wiring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.inject.Inject;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.govmail.mailets.outbound.DkimKeys;
import org.govmail.mailets.routing.PeerTrust;
import org.govmail.mailets.routing.PeerTrustSocketFactory;
import org.govmail.mailets.routing.RoutingConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

/**
 * The security routing's shared parts for govmail's matchers and mailets: {@code conf/govmail-routing.xml},
 * the DKIM keys, and the verifying TLS client of the inter-ministry route (installed at start, so a
 * misconfigured trust file stops the server instead of silently failing every delivery later).
 */
public class RoutingModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(RoutingModule.class);

    @Override
    protected void configure() {
        bind(PeerTrustInstaller.class).asEagerSingleton();
    }

    @Provides
    @Singleton
    RoutingConfiguration routingConfiguration(ConfigurationProvider configurationProvider) throws ConfigurationException {
        return RoutingConfiguration.read(configurationProvider.getConfiguration("govmail-routing"));
    }

    @Provides
    @Singleton
    DkimKeys dkimKeys(RoutingConfiguration configuration, FileSystem fileSystem, DomainList domains) throws IOException {
        return new DkimKeys(fileSystem.getFile(configuration.dkimKeyFolder()).toPath(),
            configuration.dkimSelector(), configuration.dkimGenerate(), domain -> hosted(domains, domain));
    }

    private static boolean hosted(DomainList domains, String domain) {
        try {
            return domains.containsDomain(Domain.of(domain));
        } catch (DomainListException e) {
            throw new IllegalStateException("domain list unavailable", e);
        }
    }

    static final class PeerTrustInstaller {
        @Inject
        PeerTrustInstaller(RoutingConfiguration configuration, FileSystem fileSystem) throws IOException, GeneralSecurityException {
            List<X509Certificate> authorities = List.of();
            if (configuration.peerTrustCertificates().isPresent()) {
                try (InputStream pem = Files.newInputStream(ConfiguredFiles.resolve(fileSystem, configuration.peerTrustCertificates().get()))) {
                    authorities = PeerTrust.readPem(pem);
                }
                if (authorities.isEmpty()) {
                    throw new GeneralSecurityException(configuration.peerTrustCertificates().get() + " holds no certificate");
                }
            }
            PeerTrustSocketFactory.install(PeerTrust.socketFactory(authorities, configuration.peerTrustSystem()));
            LOGGER.info("inter-ministry TLS verifies peers against {} configured CA certificate(s){}", authorities.size(),
                configuration.peerTrustSystem() ? " and the system trust store" : "");
        }
    }
}
