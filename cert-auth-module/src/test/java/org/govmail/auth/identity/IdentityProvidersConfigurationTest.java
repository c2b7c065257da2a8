package org.govmail.auth.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.io.FileHandler;
import org.govmail.auth.cert.Certificates;
import org.govmail.auth.devpki.PkiBuilder;
import org.govmail.auth.testing.InMemoryNonceStore;
import org.govmail.auth.testing.TestIdentityProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityProvidersConfigurationTest {
    /** Tests run in the module's folder; the shipped configuration is in the project's conf/. */
    private static final Path SHIPPED = Path.of("..", "conf", "identity-providers.xml");

    @TempDir
    Path installation;

    private static IdentityProvidersConfiguration read(Reader xml) throws ConfigurationException {
        XMLConfiguration configuration = new XMLConfiguration();
        new FileHandler(configuration).load(xml);
        return IdentityProvidersConfiguration.read(configuration);
    }

    private static IdentityProvidersConfiguration read(String providers) throws ConfigurationException {
        return read(new StringReader(providers.startsWith("<identityProviders")
            ? providers : "<identityProviders>" + providers + "</identityProviders>"));
    }

    private static IdentityProvidersConfiguration shipped(Path file) throws Exception {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader);
        }
    }

    /** James' file URLs, relative to the installation folder. */
    private Path resolve(String location) {
        return installation.resolve(location.substring("file://".length()));
    }

    @Test
    void theShippedFileTrustsOnlyTheDevelopmentProviderWhoseKeyTheServerGenerates() throws Exception {
        IdentityProvidersConfiguration configuration = shipped(SHIPPED);

        assertThat(configuration.maxAge()).isEqualTo(Duration.ofMinutes(10));
        assertThat(configuration.clockSkew()).isEqualTo(Duration.ofMinutes(1));
        assertThat(configuration.devFolder()).contains("var/identity/dev");
        // The names govmail-pki identity-assertion and TestIdentityProvider.development() sign with.
        assertThat(configuration.providers()).containsExactly(new IdentityProvidersConfiguration.ProviderLocation(
            DevIdentityProvider.PROVIDER_ID, IdentityProvider.METHODS, List.of(new IdentityProvidersConfiguration.KeyLocation(
                DevIdentityProvider.KEY_ID, "file://var/identity/dev/" + DevIdentityProvider.PUBLIC_KEY_FILE))));

        assertThatThrownBy(() -> configuration.load(this::resolve)).isInstanceOf(ConfigurationException.class);
        DevIdentityProvider.create(installation.resolve(configuration.devFolder().orElseThrow()));
        List<IdentityProvider> providers = configuration.load(this::resolve);

        JwsIdentityVerifier verifier = new JwsIdentityVerifier(providers, configuration.maxAge(), configuration.clockSkew(),
            new InMemoryNonceStore(), Clock.systemUTC());
        String assertion = TestIdentityProvider.development(installation).assertion("김선우", LocalDate.of(1990, 1, 1), "mobile");
        assertThat(verifier.verify(assertion).provider()).isEqualTo("govmail-dev");
    }

    @Test
    void aTestProviderInstallsItselfBesideTheShippedOnes() throws Exception {
        Path conf = Files.createDirectories(installation.resolve("conf"));
        Files.copy(SHIPPED, conf.resolve("identity-providers.xml"));
        DevIdentityProvider.create(installation.resolve("var/identity/dev"));
        TestIdentityProvider provider = TestIdentityProvider.generate("test-ipin", JwsAlgorithm.PS256);

        Path keyFile = provider.installInto(conf);

        assertThat(keyFile).isEqualTo(conf.resolve("identity/test-ipin.pem"));
        IdentityProvidersConfiguration configuration = shipped(conf.resolve("identity-providers.xml"));
        assertThat(configuration.load(this::resolve)).extracting(IdentityProvider::keyId)
            .containsExactly("govmail-dev-1", "test-ipin-key-1");
        assertThat(configuration.load(this::resolve).get(1)).isEqualTo(provider.configured());
    }

    @Test
    void installingIntoAnEmptyConfFolderWritesAFileOfItsOwn() throws Exception {
        Path conf = installation.resolve("conf");
        TestIdentityProvider provider = TestIdentityProvider.generate("solo", JwsAlgorithm.ES256);
        provider.installInto(conf);
        assertThat(shipped(conf.resolve("identity-providers.xml")).load(this::resolve)).containsExactly(provider.configured());
    }

    @Test
    void readsDurationsKeysForRolloverAndCertificates() throws Exception {
        var authority = PkiBuilder.root("CN=Provider Signing, O=Identity, C=KR", Instant.now().minusSeconds(60),
            Instant.now().plus(Duration.ofDays(1)));
        Files.createDirectories(installation.resolve("conf/identity"));
        Files.writeString(installation.resolve("conf/identity/nice.crt"), Certificates.toPem(authority.certificate()));
        TestIdentityProvider next = TestIdentityProvider.generate("nice", "nice-2026", JwsAlgorithm.ES256, Set.of("mobile"));
        Files.writeString(installation.resolve("conf/identity/nice-2026.pem"), next.publicKeyPem());

        IdentityProvidersConfiguration configuration = read("""
            <identityProviders maxAge="PT5M" clockSkew="PT30S">
                <provider id="nice" methods=" mobile , ipin ">
                    <key id="nice-2025" publicKey="file://conf/identity/nice.crt"/>
                    <key id="nice-2026" publicKey="file://conf/identity/nice-2026.pem"/>
                </provider>
            </identityProviders>""");

        assertThat(configuration.maxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(configuration.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(configuration.devFolder()).isEqualTo(Optional.empty());
        List<IdentityProvider> providers = configuration.load(this::resolve);
        assertThat(providers).extracting(IdentityProvider::keyId).containsExactly("nice-2025", "nice-2026");
        assertThat(providers.get(0).publicKey()).isEqualTo(authority.certificate().getPublicKey());
        assertThat(providers.get(1).methods()).isEqualTo(IdentityProvider.METHODS);
    }

    @Test
    void defaultsWithoutAttributesAndNoProvidersAtAll() throws Exception {
        IdentityProvidersConfiguration configuration = read("");
        assertThat(configuration.maxAge()).isEqualTo(IdentityProvidersConfiguration.DEFAULT_MAX_AGE);
        assertThat(configuration.clockSkew()).isEqualTo(IdentityProvidersConfiguration.DEFAULT_CLOCK_SKEW);
        assertThat(configuration.providers()).isEmpty();
    }

    @Test
    void refusesIncompleteOrAmbiguousProviders() {
        for (String wrong : List.of(
                "<provider methods=\"mobile\" keyId=\"k\" publicKey=\"file://conf/k.pem\"/>",
                "<provider id=\"p\" keyId=\"k\" publicKey=\"file://conf/k.pem\"/>",
                "<provider id=\"p\" methods=\"sms\" keyId=\"k\" publicKey=\"file://conf/k.pem\"/>",
                "<provider id=\"p\" methods=\"mobile\" keyId=\"k\"/>",
                "<provider id=\"p\" methods=\"mobile\"/>",
                "<provider id=\"p\" methods=\"mobile\"><key id=\"k\"/></provider>",
                "<provider id=\"p\" methods=\"mobile\" keyId=\"k\" publicKey=\"file://conf/a.pem\"/>"
                    + "<provider id=\"q\" methods=\"ipin\" keyId=\"k\" publicKey=\"file://conf/b.pem\"/>",
                "<identityProviders maxAge=\"ten minutes\"/>",
                "<identityProviders maxAge=\"P2D\"/>",
                "<identityProviders maxAge=\"PT0S\"/>",
                "<identityProviders clockSkew=\"-PT1M\"/>",
                "<identityProviders clockSkew=\"PT1H\"/>")) {
            assertThatThrownBy(() -> read(wrong)).as(wrong).isInstanceOf(ConfigurationException.class);
        }
    }

    @Test
    void refusesKeyFilesThatHoldNoUsablePublicKey() throws Exception {
        Path folder = Files.createDirectories(installation.resolve("conf/identity"));
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        Files.writeString(folder.resolve("weak.pem"), PemKeys.toPem(rsa.generateKeyPair().getPublic()));
        Files.writeString(folder.resolve("private.pem"), PemKeys.toPem(rsa.generateKeyPair().getPrivate()));
        Files.writeString(folder.resolve("garbage.pem"), "not a PEM file");
        for (String file : List.of("weak.pem", "private.pem", "garbage.pem", "missing.pem")) {
            IdentityProvidersConfiguration configuration = read(
                "<provider id=\"p\" methods=\"mobile\" keyId=\"k\" publicKey=\"file://conf/identity/" + file + "\"/>");
            assertThatThrownBy(() -> configuration.load(this::resolve)).as(file)
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("provider p key k");
        }
    }
}
