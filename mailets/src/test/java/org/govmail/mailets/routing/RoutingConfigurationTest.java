package org.govmail.mailets.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.commons.configuration2.XMLConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.io.FileHandler;
import org.junit.jupiter.api.Test;

class RoutingConfigurationTest {
    static RoutingConfiguration parse(String xml) throws ConfigurationException {
        XMLConfiguration conf = new XMLConfiguration();
        new FileHandler(conf).load(new StringReader(xml));
        return RoutingConfiguration.read(conf);
    }

    @Test
    void theShippedFileReads() throws Exception {
        RoutingConfiguration shipped = parse(Files.readString(Path.of("../conf/govmail-routing.xml"), StandardCharsets.UTF_8));
        assertThat(shipped.governmentDomains().contains("moe.go.kr")).isTrue();
        assertThat(shipped.dnsServers()).isEmpty();
        assertThat(shipped.dnsTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(shipped.dkimSelector()).isEqualTo("govmail");
        assertThat(shipped.rateLimits().pending()).isLessThan(shipped.rateLimits().approved());
        assertThat(shipped.classification().subjectMarkers()).contains("[대외비]", "[비밀]");
        assertThat(shipped.peerTrustCertificates()).isEmpty();
        assertThat(shipped.peerTrustSystem()).isTrue();
    }

    @Test
    void resolversTakeAPort() throws Exception {
        RoutingConfiguration conf = parse("<routing><dns timeout='PT1S'><server>127.0.0.1:5353</server><server>[::1]</server></dns>"
            + "<classification><subjectMarker>[비밀]</subjectMarker></classification></routing>");
        assertThat(conf.dnsServers()).containsExactly("127.0.0.1:5353", "[::1]");
        assertThat(RoutingConfiguration.portOf("127.0.0.1:5353")).contains(5353);
        assertThat(RoutingConfiguration.portOf("[::1]")).isEmpty();
    }

    @Test
    void aConfigurationThatWouldLetClassifiedMailOutIsRefused() {
        assertThatThrownBy(() -> parse("<routing/>")).isInstanceOf(ConfigurationException.class).hasMessageContaining("classification");
    }

    @Test
    void aPendingLimitAboveTheApprovedOneIsRefused() {
        assertThatThrownBy(() -> parse("<routing><classification><subjectMarker>[비밀]</subjectMarker></classification>"
            + "<rateLimits window='PT1H' approved='5' pending='10'/></routing>"))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("pending");
    }

    @Test
    void badDurationsAndSelectorsAreRefused() {
        assertThatThrownBy(() -> parse("<routing><dns timeout='5s'/><classification><subjectMarker>x</subjectMarker></classification></routing>"))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("dns@timeout");
        assertThatThrownBy(() -> parse("<routing><dkim selector='a b'/><classification><subjectMarker>x</subjectMarker></classification></routing>"))
            .isInstanceOf(ConfigurationException.class).hasMessageContaining("selector");
    }
}
