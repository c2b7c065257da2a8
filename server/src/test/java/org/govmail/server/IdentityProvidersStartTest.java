package org.govmail.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.io.FileHandler;
import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.identity.IdentityProvider;
import org.govmail.auth.identity.IdentityProvidersConfiguration;
import org.govmail.auth.identity.JwsAlgorithm;
import org.govmail.auth.identity.JwsIdentityVerifier;
import org.govmail.auth.testing.InMemoryNonceStore;
import org.govmail.auth.testing.TestIdentityProvider;
import org.govmail.server.testing.GovmailProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh installation with the shipped conf/identity-providers.xml plus a test provider: the server starts,
 * generates the development identity provider under var/identity/dev, and what it configured accepts
 * assertions of both providers (checked here with the same classes the server uses).
 */
class IdentityProvidersStartTest {
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path installation;

    @Test
    void theServerGeneratesTheDevelopmentProviderAndTrustsInstalledOnes() throws Exception {
        TestIdentityProvider testProvider = TestIdentityProvider.generate("test-ipin", JwsAlgorithm.RS256);
        GovmailProcess prepared = GovmailProcess.prepare(installation);
        testProvider.installInto(installation.resolve("conf"));

        try (GovmailProcess server = prepared.start()) {
            Path dev = installation.resolve("var/identity/dev");
            assertThat(dev.resolve("dev-provider.pem")).isRegularFile();
            assertThat(Files.getPosixFilePermissions(dev.resolve("dev-provider.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(server.output()).contains("Generated the development identity provider key pair");

            JwsIdentityVerifier verifier = asTheServerConfiguredIt();
            String fromDev = TestIdentityProvider.development(installation).assertion("김선우", LocalDate.of(1990, 1, 1), "mobile");
            assertThat(verifier.verify(fromDev).provider()).isEqualTo("govmail-dev");
            assertThat(verifier.verify(testProvider.assertion("이영희", LocalDate.of(1985, 5, 5), "ipin")).provider())
                .isEqualTo("test-ipin");
            TestIdentityProvider stranger = TestIdentityProvider.generate("stranger", JwsAlgorithm.ES256);
            assertThatThrownBy(() -> verifier.verify(stranger.assertion("김선우", LocalDate.of(1990, 1, 1), "mobile")))
                .satisfies(e -> assertThat(((GovmailAuthException) e).reason()).isEqualTo(Reason.IDENTITY_PROVIDER_UNKNOWN));
        }
    }

    private JwsIdentityVerifier asTheServerConfiguredIt() throws Exception {
        XMLConfiguration xml = new XMLConfiguration();
        try (Reader reader = Files.newBufferedReader(installation.resolve("conf/identity-providers.xml"), StandardCharsets.UTF_8)) {
            new FileHandler(xml).load(reader);
        }
        IdentityProvidersConfiguration configuration = IdentityProvidersConfiguration.read(xml);
        List<IdentityProvider> providers = configuration.load(location -> installation.resolve(location.substring("file://".length())));
        return new JwsIdentityVerifier(providers, configuration.maxAge(), configuration.clockSkew(), new InMemoryNonceStore(),
            Clock.systemUTC());
    }
}
