package org.govmail.auth.testing;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.govmail.auth.identity.NonceStore;

/** A {@link org.govmail.auth.identity.NonceStore} for unit tests: one JVM, never forgets. */
public final class InMemoryNonceStore implements NonceStore {
    private final ConcurrentMap<String, Instant> used = new ConcurrentHashMap<>();

    @Override
    public boolean firstUse(String provider, String nonce, Instant keepUntil) {
        return used.putIfAbsent(provider + ":" + nonce, keepUntil) == null;
    }

    public int size() {
        return used.size();
    }
}
