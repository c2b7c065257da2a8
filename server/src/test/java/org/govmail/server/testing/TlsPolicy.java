package org.govmail.server.testing;

import java.util.regex.Pattern;

/**
 * What govmail promises on every TLS port (README: "TLS 1.2 or 1.3 with AEAD cipher suites only"), as a rule a
 * scan's findings are judged by rather than a copy of the configured list: a suite is acceptable when it is
 * TLS 1.3 (all AEAD, all forward secret) or TLS 1.2 with an ephemeral key exchange and an AEAD cipher with a
 * full-length tag (GCM, ChaCha20-Poly1305, CCM; not CCM_8).
 */
public final class TlsPolicy {
    private static final Pattern TLS12_IANA =
        Pattern.compile("TLS_(ECDHE|DHE)_(RSA|ECDSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256|AES_(128|256)_CCM)");
    private static final Pattern TLS12_OPENSSL =
        Pattern.compile("(ECDHE|DHE)-(RSA|ECDSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305|AES(128|256)-CCM)");
    private static final Pattern TLS13 = Pattern.compile("TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256|AES_128_CCM_SHA256)");

    private TlsPolicy() {
    }

    /** A TLS 1.2 suite by its IANA name (testssl) or its OpenSSL name (openssl ciphers). */
    public static boolean acceptableTls12(String suite) {
        return TLS12_IANA.matcher(suite).matches() || TLS12_OPENSSL.matcher(suite).matches();
    }

    /** A TLS 1.3 suite by its name (the same in IANA and OpenSSL). */
    public static boolean acceptableTls13(String suite) {
        return TLS13.matcher(suite).matches();
    }
}
