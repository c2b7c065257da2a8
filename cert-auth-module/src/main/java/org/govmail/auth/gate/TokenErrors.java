package org.govmail.auth.gate;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The error challenge a server sends for a refused bearer token (RFC 7628 section 3.2.2), the same on IMAP and SMTP. */
public final class TokenErrors {
    private TokenErrors() {
    }

    /** Base64 of {@code {"status":"invalid_token","schemes":"bearer"}}, with the status following the reason. */
    public static String challenge(LoginDecision decision) {
        String status = decision.refusal().map(reason -> switch (reason) {
            case SERVER_ERROR, CERT_REVOCATION_UNAVAILABLE -> "temporarily_unavailable";
            case FRONTEND_CERT_REQUIRED, CLIENT_MISMATCH, AUTHZID_MISMATCH, TLS_REQUIRED -> "invalid_request";
            default -> "invalid_token";
        }).orElse("invalid_token");
        String json = "{\"status\":\"" + status + "\",\"schemes\":\"bearer\"}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.US_ASCII));
    }
}
