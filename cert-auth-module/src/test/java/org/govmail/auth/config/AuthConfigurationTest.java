package org.govmail.auth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.io.FileHandler;
import org.govmail.auth.revocation.OcspRevocationSource.OcspSettings;
import org.junit.jupiter.api.Test;

class AuthConfigurationTest {
    private static final String PKI = """
        <pki>
            <scheme name="GPKI">
                <trustAnchor>file://conf/pki/gpki-root.pem</trustAnchor>
                <nameRule attribute="CN" pattern="^(?&lt;name&gt;.+)$"/>
            </scheme>
        </pki>
        """;

    private static AuthConfiguration read(String revocation) throws ConfigurationException {
        return read(new StringReader("<govmail-auth>" + PKI + revocation + "</govmail-auth>"));
    }

    private static AuthConfiguration read(Reader xml) throws ConfigurationException {
        XMLConfiguration configuration = new XMLConfiguration();
        new FileHandler(configuration).load(xml);
        return AuthConfiguration.read(configuration);
    }

    @Test
    void withoutAnOcspElementOcspIsOff() throws Exception {
        assertThat(read("").ocsp()).isEqualTo(OcspSettings.DISABLED);
        AuthConfiguration configuration = read("<revocation requireRevocationInfo=\"true\"><crl>file://a.crl</crl></revocation>");
        assertThat(configuration.ocsp().enabled()).isFalse();
        assertThat(configuration.ocsp()).isEqualTo(OcspSettings.DISABLED);
    }

    @Test
    void readsTheOcspElement() throws Exception {
        OcspSettings ocsp = read("""
            <revocation>
                <ocsp enabled="true" responder="http://ocsp.gpki.go.kr:8080/" timeoutSeconds="3"
                      sendNonce="true" requireNonce="true" maxAgeWithoutNextUpdateSeconds="120"/>
            </revocation>
            """).ocsp();
        assertThat(ocsp).isEqualTo(new OcspSettings(true, Optional.of(URI.create("http://ocsp.gpki.go.kr:8080/")),
            Duration.ofSeconds(3), true, true, Duration.ofSeconds(120)));
    }

    @Test
    void anEmptyResponderMeansTheCertificatesOwn() throws Exception {
        OcspSettings ocsp = read("<revocation><ocsp enabled=\"true\" responder=\"\"/></revocation>").ocsp();
        assertThat(ocsp.enabled()).isTrue();
        assertThat(ocsp.responder()).isEmpty();
        assertThat(ocsp.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ocsp.sendNonce()).isTrue();
        assertThat(ocsp.requireNonce()).isFalse();
        assertThat(ocsp.maxAgeWithoutNextUpdate()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void refusesUnusableOcspSettings() {
        assertThatThrownBy(() -> read("<revocation><ocsp enabled=\"true\" responder=\"ldap://x/\"/></revocation>"))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("ocsp");
        assertThatThrownBy(() -> read("<revocation><ocsp enabled=\"true\" timeoutSeconds=\"0\"/></revocation>"))
            .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> read("<revocation><ocsp enabled=\"true\" sendNonce=\"false\" requireNonce=\"true\"/></revocation>"))
            .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> read("<revocation><ocsp enabled=\"yes please\"/></revocation>"))
            .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void theShippedFileLeavesOcspOff() throws Exception {
        // Tests run in the module's folder; the shipped configuration is in the project's conf/.
        Path shipped = Path.of("..", "conf", "govmail-auth.xml");
        try (Reader reader = Files.newBufferedReader(shipped, StandardCharsets.UTF_8)) {
            AuthConfiguration configuration = read(reader);
            assertThat(configuration.ocsp()).isEqualTo(OcspSettings.DISABLED);
            assertThat(configuration.revocation().requireRevocationInfo()).isTrue();
        }
    }
}
