package org.govmail.server.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The flat JSON file of one {@code testssl --protocols --std --cipher-per-proto} run, judged against
 * {@link TlsPolicy}. Each problem is one sentence naming testssl's finding, so a failing scan says what to fix.
 */
public final class TestsslReport {
    /** testssl's severities that mean "something is wrong" (OK and INFO are fine, DEBUG is chatter). */
    private static final Set<String> BAD_SEVERITIES = Set.of("LOW", "MEDIUM", "HIGH", "CRITICAL", "WARN", "FATAL");
    private static final List<String> REFUSED = List.of("SSLv2", "SSLv3", "TLS1", "TLS1_1",
        "cipherlist_NULL", "cipherlist_aNULL", "cipherlist_EXPORT", "cipherlist_LOW", "cipherlist_3DES_IDEA",
        "cipherlist_AVERAGE");

    private final Map<String, JsonNode> findings = new LinkedHashMap<>();

    private TestsslReport(JsonNode array) {
        array.forEach(finding -> findings.put(finding.path("id").asText(), finding));
    }

    public static TestsslReport read(Path jsonFile) throws IOException {
        return new TestsslReport(new ObjectMapper().readTree(jsonFile.toFile()));
    }

    /** Everything that breaks the policy; empty when the port is as promised. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        findings.forEach((id, finding) -> {
            if (BAD_SEVERITIES.contains(finding.path("severity").asText())) {
                problems.add(id + " is " + finding.path("severity").asText() + ": " + finding.path("finding").asText());
            }
        });
        // "not offered" for each of these, not merely "no bad severity": testssl rates TLS 1.0/1.1 as INFO.
        for (String id : REFUSED) {
            String finding = finding(id);
            if (!finding.startsWith("not offered")) {
                problems.add(id + ": expected 'not offered', testssl says '" + finding + "'");
            }
        }
        for (String id : List.of("TLS1_2", "TLS1_3")) {
            if (!finding(id).startsWith("offered")) {
                problems.add(id + ": expected 'offered', testssl says '" + finding(id) + "'");
            }
        }
        List<String> tls12 = suites("cipher-tls1_2_");
        List<String> tls13 = suites("cipher-tls1_3_");
        if (tls12.isEmpty() || tls13.isEmpty()) {
            problems.add("the per-protocol cipher list is missing (TLS 1.2: " + tls12 + ", TLS 1.3: " + tls13 + ")");
        }
        tls12.stream().filter(suite -> !TlsPolicy.acceptableTls12(suite))
            .forEach(suite -> problems.add("TLS 1.2 accepts " + suite + ", which is not ECDHE/DHE with AEAD"));
        tls13.stream().filter(suite -> !TlsPolicy.acceptableTls13(suite))
            .forEach(suite -> problems.add("TLS 1.3 accepts " + suite));
        return problems;
    }

    /** The IANA names of the suites testssl found accepted for one protocol (the last column of each finding). */
    public List<String> suites(String idPrefix) {
        return findings.entrySet().stream().filter(entry -> entry.getKey().startsWith(idPrefix))
            .map(entry -> {
                String[] columns = entry.getValue().path("finding").asText().trim().split("\\s+");
                return columns[columns.length - 1];
            }).toList();
    }

    private String finding(String id) {
        JsonNode finding = findings.get(id);
        return finding == null ? "(no finding " + id + ")" : finding.path("finding").asText();
    }
}
