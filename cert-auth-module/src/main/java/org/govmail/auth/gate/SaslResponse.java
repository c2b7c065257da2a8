package org.govmail.auth.gate;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Reading a client's SASL response, the same on every protocol (RFC 4422, 4616). */
final class SaslResponse {
    record Plain(String user, String password) {
    }

    /** A bearer token and the user it claims to be for (empty when the client named none). */
    record Bearer(String user, String token) {
    }

    private static final String KV_SEPARATOR = "\u0001";
    private static final String AUTH_PREFIX = "auth=Bearer ";

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

    /**
     * OAUTHBEARER ({@code n,a=user,^Ahost=...^Aauth=Bearer token^A^A}, RFC 7628 with the gs2 header of RFC
     * 5801; channel binding not offered) or XOAUTH2 ({@code user=...^Aauth=Bearer token^A^A}).
     */
    static Optional<Bearer> bearer(String mechanism, String decoded) {
        if (!decoded.endsWith(KV_SEPARATOR + KV_SEPARATOR)) {
            return Optional.empty();
        }
        String[] parts = decoded.substring(0, decoded.length() - 2).split(KV_SEPARATOR, -1);
        String user;
        int firstPair;
        if (mechanism.equals("OAUTHBEARER")) {
            String[] gs2 = parts[0].split(",", -1);
            if (gs2.length != 3 || !gs2[0].equals("n") || !gs2[2].isEmpty()) {
                return Optional.empty();
            }
            if (gs2[1].isEmpty()) {
                user = "";
            } else if (gs2[1].startsWith("a=")) {
                user = gs2[1].substring(2).replace("=2C", ",").replace("=3D", "=");
            } else {
                return Optional.empty();
            }
            firstPair = 1;
        } else if (mechanism.equals("XOAUTH2")) {
            if (!parts[0].startsWith("user=")) {
                return Optional.empty();
            }
            user = parts[0].substring("user=".length());
            firstPair = 1;
        } else {
            return Optional.empty();
        }
        for (int i = firstPair; i < parts.length; i++) {
            if (parts[i].regionMatches(true, 0, AUTH_PREFIX, 0, AUTH_PREFIX.length())) {
                String token = parts[i].substring(AUTH_PREFIX.length()).trim();
                return token.isEmpty() ? Optional.empty() : Optional.of(new Bearer(user, token));
            }
        }
        return Optional.empty();
    }
}
