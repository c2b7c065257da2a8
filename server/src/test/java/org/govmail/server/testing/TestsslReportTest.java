package org.govmail.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The judge of testssl's findings, on findings written by hand: each kind of breach is named, a clean port passes. */
class TestsslReportTest {
    @TempDir
    Path folder;

    private static String finding(String id, String severity, String text) {
        return "{\"id\":\"" + id + "\",\"ip\":\"127.0.0.1/127.0.0.1\",\"port\":\"2465\",\"severity\":\"" + severity
            + "\",\"finding\":\"" + text + "\"}";
    }

    private static final String TLS12_GCM = finding("cipher-tls1_2_xc030", "INFO",
        "TLS 1.2   xc030   ECDHE-RSA-AES256-GCM-SHA384       ECDH 253   AESGCM      256      TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    private static final String TLS13_GCM = finding("cipher-tls1_3_x1302", "INFO",
        "TLS 1.3   x1302   TLS_AES_256_GCM_SHA384            ECDH 253   AESGCM      256      TLS_AES_256_GCM_SHA384");

    /** A report as testssl writes it for a port configured as govmail ships it, with {@code extra} findings appended. */
    private TestsslReport report(String tls11, String... extra) throws Exception {
        StringBuilder json = new StringBuilder("[")
            .append(finding("SSLv2", "OK", "not offered")).append(',')
            .append(finding("SSLv3", "OK", "not offered")).append(',')
            .append(finding("TLS1", "INFO", "not offered")).append(',')
            .append(finding("TLS1_1", "INFO", tls11)).append(',')
            .append(finding("TLS1_2", "OK", "offered")).append(',')
            .append(finding("TLS1_3", "OK", "offered with final"));
        for (String id : new String[] {"NULL", "aNULL", "EXPORT", "LOW", "3DES_IDEA", "AVERAGE"}) {
            json.append(',').append(finding("cipherlist_" + id, "OK", "not offered"));
        }
        for (String more : extra) {
            json.append(',').append(more);
        }
        Path file = Files.writeString(folder.resolve("report.json"), json.append(']').toString());
        return TestsslReport.read(file);
    }

    @Test
    void aPortAsShippedHasNoProblem() throws Exception {
        assertThat(report("not offered", TLS12_GCM, TLS13_GCM).problems()).isEmpty();
    }

    @Test
    void tls11OfferedIsAProblemEvenThoughTestsslRatesItInfo() throws Exception {
        assertThat(report("offered", TLS12_GCM, TLS13_GCM).problems())
            .containsExactly("TLS1_1: expected 'not offered', testssl says 'offered'");
    }

    @Test
    void aCbcOrStaticRsaSuiteIsAProblem() throws Exception {
        String cbc = finding("cipher-tls1_2_xc027", "INFO",
            "TLS 1.2   xc027   ECDHE-RSA-AES128-SHA256   ECDH 253   AES   128   TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
        String staticRsa = finding("cipher-tls1_2_x9c", "INFO",
            "TLS 1.2   x9c     AES128-GCM-SHA256         RSA        AESGCM 128  TLS_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(report("not offered", TLS12_GCM, TLS13_GCM, cbc, staticRsa).problems()).containsExactly(
            "TLS 1.2 accepts TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, which is not ECDHE/DHE with AEAD",
            "TLS 1.2 accepts TLS_RSA_WITH_AES_128_GCM_SHA256, which is not ECDHE/DHE with AEAD");
    }

    @Test
    void aScanThatListedNoSuiteOrWarnedIsAProblem() throws Exception {
        assertThat(report("not offered", finding("scanProblem", "WARN", "Scan interrupted")).problems()).containsExactly(
            "scanProblem is WARN: Scan interrupted",
            "the per-protocol cipher list is missing (TLS 1.2: [], TLS 1.3: [])");
    }
}
