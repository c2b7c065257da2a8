package org.govmail.auth.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;

/** The configured web front ends ({@code conf/govmail-tokens.xml}). */
public final class FrontEnds {
    private static final String BASIC = "Basic ";
    private final Map<String, FrontEnd> byId = new LinkedHashMap<>();

    public FrontEnds(List<FrontEnd> frontEnds) {
        for (FrontEnd frontEnd : frontEnds) {
            if (byId.putIfAbsent(frontEnd.id(), frontEnd) != null) {
                throw new IllegalArgumentException("front end '" + frontEnd.id() + "' is configured twice");
            }
        }
    }

    public Optional<FrontEnd> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<FrontEnd> all() {
        return List.copyOf(byId.values());
    }

    /** The front end whose servers present this TLS client certificate. */
    public Optional<FrontEnd> presenting(String certificateFingerprint) {
        return byId.values().stream().filter(frontEnd -> frontEnd.presents(certificateFingerprint)).findFirst();
    }

    /** The front end an {@code Authorization: Basic id:secret} header names, if the secret is right. */
    public FrontEnd authenticate(String authorization) throws GovmailAuthException {
        if (authorization == null || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            throw new GovmailAuthException(Reason.CLIENT_UNAUTHENTICATED, "no HTTP Basic client credentials");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new GovmailAuthException(Reason.CLIENT_UNAUTHENTICATED, "malformed HTTP Basic client credentials");
        }
        int colon = decoded.indexOf(':');
        String id = colon < 0 ? decoded : decoded.substring(0, colon);
        String secret = colon < 0 ? "" : decoded.substring(colon + 1);
        FrontEnd frontEnd = byId.get(id);
        // Compare against something even for unknown ids, so timing does not tell which ids exist.
        boolean ok = (frontEnd != null ? frontEnd : UNKNOWN).secretMatches(secret) && frontEnd != null;
        if (!ok) {
            throw new GovmailAuthException(Reason.CLIENT_UNAUTHENTICATED, "wrong client id or secret");
        }
        return frontEnd;
    }

    private static final FrontEnd UNKNOWN = new FrontEnd("unknown", FrontEnd.sha256("no front end has this secret"), java.util.Set.of());
}
