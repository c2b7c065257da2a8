package org.govmail.auth.sieve;

import java.util.Optional;
import java.util.function.Supplier;

import org.apache.james.managesieve.util.SettableSession;
import org.govmail.auth.gate.LoginGate;
import org.govmail.auth.lifecycle.LiveConnection;

/**
 * A ManageSieve session that knows its connection (address, TLS, client certificate), which James'
 * own session does not: the gate needs them at AUTHENTICATE, and closing the account needs to end it.
 */
public final class GatedSieveSession extends SettableSession {
    private final Supplier<LoginGate.Client> client;
    private final LiveConnection connection;
    private Optional<String> pendingMechanism = Optional.empty();

    public GatedSieveSession(Supplier<LoginGate.Client> client, LiveConnection connection) {
        this.client = client;
        this.connection = connection;
    }

    LoginGate.Client client() {
        return client.get();
    }

    LiveConnection connection() {
        return connection;
    }

    /** The mechanism of an AUTHENTICATE waiting for the client's response line, if any. */
    Optional<String> pendingMechanism() {
        return pendingMechanism;
    }

    void awaitResponse(Optional<String> mechanism) {
        this.pendingMechanism = mechanism;
    }
}
