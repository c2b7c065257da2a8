package org.govmail.server.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TLS scan with {@code openssl s_client} alone, for a port testssl cannot reach: Debian's testssl 3.0
 * has no STARTTLS for ManageSieve, OpenSSL has ({@code -starttls sieve}). One handshake per attempt:
 * TLS 1.0 and 1.1 (allowed on our side by {@code @SECLEVEL=0}, so a refusal is the server's), TLS 1.2 and 1.3,
 * then every TLS 1.2 suite this OpenSSL knows ({@code ALL:COMPLEMENTOFALL}) that the policy forbids, offered
 * together until the server refuses them all, and every TLS 1.3 suite one at a time. PSK and SRP suites cannot
 * be tried without their credentials and count as refused; the server (Java's JSSE) implements neither.
 */
public final class OpensslTlsScan {
    private static final Pattern NEGOTIATED = Pattern.compile("New, (\\S+), Cipher is (\\S+)");
    private static final List<String> TLS13_SUITES = List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
        "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256");

    private final ExternalTool openssl;
    private final int port;
    private final Optional<String> starttls;

    public OpensslTlsScan(int port, Optional<String> starttls) {
        this.openssl = ExternalTool.require("openssl", "openssl");
        this.port = port;
        this.starttls = starttls;
    }

    /** Every breach of {@link TlsPolicy}; empty when the port is as promised. */
    public List<String> problems() throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        for (String old : List.of("-tls1", "-tls1_1")) {
            Handshake handshake = handshake(List.of(old, "-cipher", "DEFAULT@SECLEVEL=0"));
            if (handshake.accepted()) {
                problems.add(old + " accepted with " + handshake.suite());
            } else if (!handshake.output().contains("alert protocol version")) {
                // Refused, but not for the protocol version: the attempt proved nothing (e.g. no connection).
                problems.add(old + " failed without the server's protocol_version alert:\n" + handshake.output());
            }
        }
        for (String current : List.of("-tls1_2", "-tls1_3")) {
            if (!handshake(List.of(current)).accepted()) {
                problems.add(current + " refused");
            }
        }
        // One ClientHello offers every TLS 1.2 suite the policy forbids: the server picks one of them if it takes any.
        // Each suite it picks is noted and left out of the next offer, until it refuses the rest (a handful of
        // handshakes instead of one per suite, as testssl does it).
        List<String> suites12 = tls12Suites();
        List<String> forbidden12 = new ArrayList<>(suites12.stream().filter(suite -> !TlsPolicy.acceptableTls12(suite)).toList());
        List<String> allowed12 = suites12.stream().filter(TlsPolicy::acceptableTls12).toList();
        while (!forbidden12.isEmpty()) {
            Handshake handshake = handshake(List.of("-tls1_2", "-cipher", String.join(":", forbidden12) + ":@SECLEVEL=0"));
            if (handshake.suite().isEmpty() || !forbidden12.remove(handshake.suite().get())) {
                break;
            }
            problems.add("TLS 1.2 accepts " + handshake.suite().get() + ", which is not ECDHE/DHE with AEAD");
        }
        List<String> accepted12 = new ArrayList<>();
        handshake(List.of("-tls1_2", "-cipher", String.join(":", allowed12))).suite().ifPresent(accepted12::add);
        List<String> accepted13 = new ArrayList<>();
        for (String suite : TLS13_SUITES) {
            if (handshake(List.of("-tls1_3", "-ciphersuites", suite)).accepted()) {
                accepted13.add(suite);
                if (!TlsPolicy.acceptableTls13(suite)) {
                    problems.add("TLS 1.3 accepts " + suite);
                }
            }
        }
        if (accepted12.isEmpty() || accepted13.isEmpty()) {
            problems.add("no suite accepted (TLS 1.2: " + accepted12 + ", TLS 1.3: " + accepted13 + "): the scan did not work");
        }
        return problems;
    }

    /** The TLS 1.2 (and older) suites of this OpenSSL, weak ones included. */
    private List<String> tls12Suites() throws IOException, InterruptedException {
        ExternalTool.Result list = openssl.run(List.of("ciphers", "-v", "ALL:COMPLEMENTOFALL:@SECLEVEL=0"));
        if (list.exitCode() != 0) {
            throw new AssertionError("openssl ciphers failed: " + list.output());
        }
        return list.output().lines().map(line -> line.trim().split("\\s+"))
            .filter(columns -> columns.length > 1 && !"TLSv1.3".equals(columns[1]))
            .map(columns -> columns[0]).toList();
    }

    private record Handshake(Optional<String> suite, String output) {
        boolean accepted() {
            return suite.isPresent();
        }
    }

    private Handshake handshake(List<String> options) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port));
        starttls.ifPresent(protocol -> arguments.addAll(List.of("-starttls", protocol)));
        arguments.addAll(options);
        // No input: s_client closes right after the handshake and prints what was negotiated.
        ExternalTool.Result result = openssl.run(arguments, Map.of(), new byte[0], Duration.ofSeconds(20));
        Matcher negotiated = NEGOTIATED.matcher(result.output());
        Optional<String> suite = negotiated.find() && !"(NONE)".equals(negotiated.group(2))
            ? Optional.of(negotiated.group(2)) : Optional.empty();
        return new Handshake(suite, result.output());
    }
}
