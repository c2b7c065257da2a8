package org.govmail.auth.signup;

import java.time.Instant;
import java.util.Optional;

import org.govmail.auth.GovmailAuthException;

/** Where sign-up sessions live between steps (the database, so any node can take the next step). */
public interface SignupSessions {
    void save(SignupState state) throws GovmailAuthException;

    /** The session, if it exists and has not expired at {@code now}. */
    Optional<SignupState> find(String key, Instant now);

    void delete(String key);

    /** Removes expired sessions; returns how many. */
    int purgeExpired(Instant now);
}
