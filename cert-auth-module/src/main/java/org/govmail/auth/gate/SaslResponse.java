package org.govmail.auth.gate;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Reading a client's SASL response, the same on every protocol (RFC 4422, 4616). */
final class SaslResponse {
    record Plain(String user, String password) {
    }

    private SaslResponse() {
    }

    /** The decoded response; empty or {@code =} is an empty response, bad base64 is no response at all. */
    static Optional<String> decode(String response) {
        String trimmed = response == null ? "" : response.trim();
        if (trimmed.isEmpty() || trimmed.equals("=")) {
            return Optional.of("");
        }
        try {
            return Optional.of(new String(Base64.getDecoder().decode(trimmed), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** PLAIN's three fields; an authorization id other than the user (delegation) is not offered. */
    static Optional<Plain> plain(String decoded) {
        String[] fields = decoded.split("\0", -1);
        if (fields.length != 3 || (!fields[0].isEmpty() && !fields[0].equalsIgnoreCase(fields[1]))) {
            return Optional.empty();
        }
        return Optional.of(new Plain(fields[1], fields[2]));
    }
}
