package org.govmail.auth.signup;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.govmail.auth.account.AccountType;

/**
 * Everything a sign-up session has gathered so far, kept server-side between the steps. Holds the
 * password only as its hash and the certificate as DER.
 */
public record SignupState(String key, Instant createdAt, Instant expiresAt, SignupStep step, AccountType type,
                          Map<String, String> acceptedTerms, Optional<Identity> identity, Optional<Checked> information) {
    /** The verified identity of step 2 (the nonce is consumed, not kept). */
    public record Identity(String name, LocalDate birthDate, String provider, String method) {
    }

    /** Step 3 after its checks: the account to create. */
    public record Checked(String accountId, String accountName, String personName, String institution, String language,
                          String passwordHash, byte[] certificate, String fingerprint) {
    }

    public SignupState {
        Objects.requireNonNull(key);
        acceptedTerms = Map.copyOf(acceptedTerms);
        Objects.requireNonNull(identity);
        Objects.requireNonNull(information);
    }

    public SignupState verified(Identity verified) {
        return new SignupState(key, createdAt, expiresAt, SignupStep.IDENTITY_VERIFIED, type, acceptedTerms, Optional.of(verified), Optional.empty());
    }

    public SignupState entered(Checked checked) {
        return new SignupState(key, createdAt, expiresAt, SignupStep.INFORMATION_ENTERED, type, acceptedTerms, identity, Optional.of(checked));
    }
}
