package org.govmail.auth.token;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an access token says: who ({@code subject}, the account id), to which web front end it was issued
 * ({@code client}), under which server-side login session ({@code sessionId}, so that logging out or
 * revoking the session ends the token before it expires), with which certificate ({@code fingerprint},
 * SHA-256 lower-case hex, so a token stays bound to the certificate that logged in), the account status at
 * issue, its lifetime and its id ({@code tokenId}).
 *
 * <p>JSON claims: {@code iss}, {@code sub}, {@code aud} and {@code azp} (both the client), {@code sid},
 * {@code cert_sha256}, {@code status}, {@code iat}, {@code exp} (NumericDate seconds), {@code jti}.
 *
 * <p>The instants are cut to whole seconds, the precision a token carries, so that decoded claims equal the
 * encoded ones. Values are checked here so that a malformed claim can be neither issued nor accepted.
 */
public record AccessTokenClaims(String issuer, String subject, String client, String sessionId, String fingerprint,
                                String status, Instant issuedAt, Instant expiresAt, String tokenId) {
    /** Longest text claim; keeps tokens well under the codec's size limit. */
    public static final int MAX_TEXT_LENGTH = 320;

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern STATUS = Pattern.compile("[A-Z][A-Z_]{0,31}");

    public AccessTokenClaims {
        text(issuer, "issuer");
        text(subject, "subject");
        text(client, "client");
        text(sessionId, "sessionId");
        text(tokenId, "tokenId");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (!SHA256_HEX.matcher(fingerprint).matches()) {
            throw new IllegalArgumentException("fingerprint must be 64 lower-case hex digits (SHA-256)");
        }
        Objects.requireNonNull(status, "status");
        if (!STATUS.matcher(status).matches()) {
            throw new IllegalArgumentException("status must be an account status name such as APPROVED");
        }
        issuedAt = Objects.requireNonNull(issuedAt, "issuedAt").truncatedTo(ChronoUnit.SECONDS);
        expiresAt = Objects.requireNonNull(expiresAt, "expiresAt").truncatedTo(ChronoUnit.SECONDS);
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("a token must expire after it is issued");
        }
    }

    /**
     * 1 to {@value #MAX_TEXT_LENGTH} characters, no spaces, controls, invisible format characters, lone
     * surrogates or unassigned code points: claims reach logs and headers, where such characters could forge
     * lines or hide what a value really is.
     */
    private static void text(String value, String name) {
        Objects.requireNonNull(value, name);
        boolean visible = value.codePoints().allMatch(codePoint -> switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        });
        if (value.isEmpty() || value.length() > MAX_TEXT_LENGTH || !visible) {
            throw new IllegalArgumentException(name + " must have 1-" + MAX_TEXT_LENGTH + " visible characters, without spaces");
        }
    }
}
