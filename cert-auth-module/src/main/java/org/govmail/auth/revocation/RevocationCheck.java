package org.govmail.auth.revocation;

import java.time.Instant;
import java.util.Optional;

/** The answer of a {@link RevocationSource}; {@code detail} says which source answered, for the admin log. */
public record RevocationCheck(State state, String detail, Optional<Instant> revokedAt) {
    public enum State { GOOD, REVOKED, UNAVAILABLE }

    public static RevocationCheck good(String detail) {
        return new RevocationCheck(State.GOOD, detail, Optional.empty());
    }

    public static RevocationCheck revoked(String detail, Instant when) {
        return new RevocationCheck(State.REVOKED, detail, Optional.of(when));
    }

    public static RevocationCheck unavailable(String detail) {
        return new RevocationCheck(State.UNAVAILABLE, detail, Optional.empty());
    }
}
