package org.govmail.auth.identity;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;

/**
 * Checks an identity provider's assertion: a JWS compact serialization (RFC 7515) signed with RS256, PS256
 * or ES256 whose payload says whom the provider verified.
 *
 * <p>Order of the checks, and the reason each refusal carries:
 * <ol>
 * <li>size (at most {@value #MAX_ASSERTION_CHARS} characters), three base64url parts, a JSON header with
 * {@code alg} and {@code kid}, no {@code crit}: else IDENTITY_ASSERTION_MALFORMED;</li>
 * <li>{@code alg} one of RS256, PS256, ES256: anything else ({@code none}, HS256, ...) is
 * IDENTITY_SIGNATURE_INVALID, because such an assertion is not signed by a provider's private key;</li>
 * <li>{@code kid} names a configured provider key: else IDENTITY_PROVIDER_UNKNOWN;</li>
 * <li>the signature verifies with that key (and {@code alg} fits the key's type): else IDENTITY_SIGNATURE_INVALID.
 * Nothing of the payload is read before this point;</li>
 * <li>claims present with the right types and forms: else IDENTITY_ASSERTION_MALFORMED; {@code iss} equal to
 * the provider owning the key: else IDENTITY_SIGNATURE_INVALID (a provider signing for another);
 * {@code method} one the provider is configured for: else IDENTITY_PROVIDER_UNKNOWN;</li>
 * <li>freshness: {@code iat} not older than maxAge, not later than now + clockSkew, {@code exp} (optional)
 * not reached (with clockSkew of leeway): else IDENTITY_ASSERTION_EXPIRED;</li>
 * <li>the nonce not used before (per provider, in the shared {@link NonceStore}): else IDENTITY_ASSERTION_REPLAYED.
 * Only an otherwise valid assertion uses up its nonce.</li>
 * </ol>
 *
 * <p>Refusal messages never contain the name or birth date: they end up in logs.
 */
public final class JwsIdentityVerifier implements IdentityVerifier {
    /** Longer input is refused before any parsing. */
    public static final int MAX_ASSERTION_CHARS = 16 * 1024;
    public static final int MIN_NONCE_LENGTH = 8;
    public static final int MAX_NONCE_LENGTH = 128;
    /** The account registry's holder-name column has 200 characters. */
    public static final int MAX_NAME_LENGTH = 200;
    private static final LocalDate OLDEST_BIRTH_DATE = LocalDate.of(1900, 1, 1);
    /** NumericDate seconds up to year 9999: keeps Instant arithmetic far from overflow. */
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");
    private static final Pattern BIRTH_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Pattern NONCE = Pattern.compile("[\\x21-\\x7E]{" + MIN_NONCE_LENGTH + "," + MAX_NONCE_LENGTH + "}");

    private final Map<String, IdentityProvider> providersByKeyId;
    private final Duration maxAge;
    private final Duration clockSkew;
    private final NonceStore nonces;
    private final Clock clock;
    private final JsonObjectReader json = new JsonObjectReader();

    /**
     * @param providers the accepted provider keys; key ids must be unique
     * @param maxAge    how long after {@code iat} an assertion is accepted
     * @param clockSkew tolerated difference between the provider's clock and ours, both ways
     */
    public JwsIdentityVerifier(List<IdentityProvider> providers, Duration maxAge, Duration clockSkew, NonceStore nonces, Clock clock) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive");
        }
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative");
        }
        Map<String, IdentityProvider> byKeyId = new HashMap<>();
        for (IdentityProvider provider : providers) {
            if (byKeyId.putIfAbsent(provider.keyId(), provider) != null) {
                throw new IllegalArgumentException("key id " + provider.keyId() + " is configured twice");
            }
        }
        this.providersByKeyId = Map.copyOf(byKeyId);
        this.maxAge = maxAge;
        this.clockSkew = clockSkew;
        this.nonces = Objects.requireNonNull(nonces);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public VerifiedIdentity verify(String assertion) throws GovmailAuthException {
        if (assertion == null) {
            throw malformed("no assertion");
        }
        if (assertion.length() > MAX_ASSERTION_CHARS) {
            throw malformed("assertion longer than " + MAX_ASSERTION_CHARS + " characters");
        }
        String[] parts = assertion.strip().split("\\.", -1);
        if (parts.length != 3) {
            throw malformed("not a JWS compact serialization (expected three parts)");
        }
        Map<String, Object> header = object(parts[0], "header");
        JwsAlgorithm algorithm = JwsAlgorithm.named(string(header, "alg", "header"))
            .orElseThrow(() -> new GovmailAuthException(Reason.IDENTITY_SIGNATURE_INVALID,
                "signature algorithm " + printable(String.valueOf(header.get("alg"))) + " is not accepted (only RS256, PS256, ES256)"));
        if (header.containsKey("crit")) {
            throw malformed("critical header extensions are not supported");
        }
        String keyId = string(header, "kid", "header");
        IdentityProvider provider = providersByKeyId.get(keyId);
        if (provider == null) {
            throw new GovmailAuthException(Reason.IDENTITY_PROVIDER_UNKNOWN, "no identity provider has the key id " + printable(keyId));
        }
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        if (!algorithm.verify(provider.publicKey(), signingInput, base64url(parts[2], "signature"))) {
            throw new GovmailAuthException(Reason.IDENTITY_SIGNATURE_INVALID,
                "the " + algorithm + " signature does not verify with key " + keyId + " of provider " + provider.id());
        }

        Map<String, Object> claims = object(parts[1], "payload");
        String issuer = string(claims, "iss", "claim");
        if (!issuer.equals(provider.id())) {
            throw new GovmailAuthException(Reason.IDENTITY_SIGNATURE_INVALID,
                "key " + keyId + " belongs to provider " + provider.id() + ", not to the issuer " + printable(issuer));
        }
        String name = name(string(claims, "name", "claim"));
        LocalDate birthDate = birthDate(string(claims, "birthdate", "claim"));
        String method = string(claims, "method", "claim");
        if (!IdentityProvider.METHODS.contains(method)) {
            throw malformed("method must be one of " + IdentityProvider.METHODS);
        }
        if (!provider.offers(method)) {
            throw new GovmailAuthException(Reason.IDENTITY_PROVIDER_UNKNOWN,
                "provider " + provider.id() + " is not accepted for method " + method);
        }
        Instant issuedAt = numericDate(claims, "iat").orElseThrow(() -> malformed("claim iat is missing"));
        Optional<Instant> expiresAt = numericDate(claims, "exp");
        String nonce = string(claims, "nonce", "claim");
        if (!NONCE.matcher(nonce).matches()) {
            throw malformed("nonce must be " + MIN_NONCE_LENGTH + "-" + MAX_NONCE_LENGTH + " visible ASCII characters");
        }

        Instant now = clock.instant();
        if (issuedAt.isAfter(now.plus(clockSkew))) {
            throw new GovmailAuthException(Reason.IDENTITY_ASSERTION_EXPIRED, "issued in the future (iat " + issuedAt + ", now " + now + ")");
        }
        Instant acceptedUntil = issuedAt.plus(maxAge).plus(clockSkew);
        if (now.isAfter(acceptedUntil)) {
            throw new GovmailAuthException(Reason.IDENTITY_ASSERTION_EXPIRED, "issued at " + issuedAt + ", older than " + maxAge);
        }
        if (expiresAt.isPresent() && !now.isBefore(expiresAt.get().plus(clockSkew))) {
            throw new GovmailAuthException(Reason.IDENTITY_ASSERTION_EXPIRED, "expired at " + expiresAt.get());
        }
        // Kept one more clockSkew than acceptance needs: a node whose clock lags another's must still find it.
        if (!nonces.firstUse(provider.id(), nonce, acceptedUntil.plus(clockSkew))) {
            throw new GovmailAuthException(Reason.IDENTITY_ASSERTION_REPLAYED,
                "nonce of provider " + provider.id() + " was already used");
        }
        return new VerifiedIdentity(name, birthDate, provider.id(), method, issuedAt, nonce);
    }

    private Map<String, Object> object(String part, String what) throws GovmailAuthException {
        try {
            return json.read(base64url(part, what));
        } catch (IllegalArgumentException e) {
            throw malformed("the " + what + " is not a JSON object: " + e.getMessage());
        }
    }

    private static byte[] base64url(String part, String what) throws GovmailAuthException {
        if (!BASE64URL.matcher(part).matches()) {
            throw malformed("the " + what + " is not unpadded base64url");
        }
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw malformed("the " + what + " is not valid base64url");
        }
    }

    private static String string(Map<String, Object> members, String name, String what) throws GovmailAuthException {
        Object value = members.get(name);
        if (value == null) {
            throw malformed(what + " " + name + " is missing");
        }
        if (!(value instanceof String text)) {
            throw malformed(what + " " + name + " must be a string");
        }
        return text;
    }

    private static Optional<Instant> numericDate(Map<String, Object> claims, String name) throws GovmailAuthException {
        Object value = claims.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Long seconds) || seconds < 0 || seconds > MAX_EPOCH_SECOND) {
            throw malformed("claim " + name + " must be whole seconds since 1970 (a JSON integer)");
        }
        return Optional.of(Instant.ofEpochSecond(seconds));
    }

    /** Trimmed and in Unicode NFC, the form account names are compared in. */
    private static String name(String raw) throws GovmailAuthException {
        String name = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw malformed("name must have 1-" + MAX_NAME_LENGTH + " characters");
        }
        boolean printable = name.codePoints().allMatch(codePoint -> switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> false;
            default -> true;
        });
        if (!printable) {
            throw malformed("name contains control, format or unassigned characters");
        }
        return name;
    }

    private LocalDate birthDate(String text) throws GovmailAuthException {
        if (!BIRTH_DATE.matcher(text).matches()) {
            throw malformed("birthdate must be YYYY-MM-DD");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw malformed("birthdate is not a calendar date");
        }
        // A day of margin: "today" differs between time zones.
        if (date.isBefore(OLDEST_BIRTH_DATE) || date.isAfter(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1))) {
            throw malformed("birthdate out of range");
        }
        return date;
    }

    /** Key ids and issuers come from the sender: only visible ASCII of them reaches a log. */
    private static String printable(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return shown.replaceAll("[^\\x20-\\x7E]", "?");
    }

    private static GovmailAuthException malformed(String message) {
        return new GovmailAuthException(Reason.IDENTITY_ASSERTION_MALFORMED, message);
    }
}
