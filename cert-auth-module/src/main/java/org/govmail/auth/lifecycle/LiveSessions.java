package org.govmail.auth.lifecycle;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authenticated protocol sessions open on this node, per account, so that retiring, suspending or
 * rejecting an account can close them at once instead of waiting for the client to log out. Protocol
 * handlers register a session when its login succeeds and unregister it when its connection ends.
 */
public final class LiveSessions {
    private static final Logger LOGGER = LoggerFactory.getLogger(LiveSessions.class);

    /** Closes one session's connection; must not block for long. */
    @FunctionalInterface
    public interface Closer {
        void close();
    }

    /** Unregisters its session; calling it more than once is harmless. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /** Identity, not value, equality: two sessions with the same closer are still two sessions. */
    private static final class Session {
        private final String protocol;
        private final Closer closer;

        Session(String protocol, Closer closer) {
            this.protocol = protocol;
            this.closer = closer;
        }
    }

    private final Map<String, Set<Session>> sessions = new ConcurrentHashMap<>();
    private final SessionEndBroadcast broadcast;

    /** One node: ends are not told to anyone else. */
    public LiveSessions() {
        this(SessionEndBroadcast.NONE);
    }

    /** A node of several: every {@link #closeAll} is also published, so the other nodes close theirs. */
    public LiveSessions(SessionEndBroadcast broadcast) {
        this.broadcast = broadcast;
    }

    /**
     * The key under which connections logged in with a web login's token are listed as well (beside their
     * account), so that ending that login (logout, a replayed refresh token) closes just them.
     */
    public static String tokenSessionKey(String sessionId) {
        return "token-session:" + sessionId;
    }

    public Registration register(String accountId, String protocol, Closer closer) {
        String key = accountId.toLowerCase(Locale.ROOT);
        Session session = new Session(protocol, closer);
        // Added inside compute, atomically with closeAll's remove: never into a set closeAll already took.
        sessions.compute(key, (any, open) -> {
            Set<Session> set = open == null ? ConcurrentHashMap.newKeySet() : open;
            set.add(session);
            return set;
        });
        return () -> sessions.computeIfPresent(key, (any, open) -> {
            open.remove(session);
            return open.isEmpty() ? null : open;
        });
    }

    /**
     * Closes every open session listed under the key (an account id, or a {@link #tokenSessionKey}) on this
     * node and tells the other nodes to do the same; returns how many were closed here.
     */
    public int closeAll(String accountId, String why) {
        int closed = closeLocally(accountId, why);
        broadcast.publish(accountId, why);
        return closed;
    }

    /** Closes the key's sessions on this node only: for an end another node published. */
    public int closeLocally(String accountId, String why) {
        Set<Session> open = sessions.remove(accountId.toLowerCase(Locale.ROOT));
        if (open == null) {
            return 0;
        }
        int closed = 0;
        for (Session session : open) {
            try {
                session.closer.close();
                closed++;
            } catch (RuntimeException e) {
                LOGGER.warn("could not close a {} session of {}: {}", session.protocol, accountId, e.toString());
            }
        }
        LOGGER.info("closed {} open session(s) of {}: {}", closed, accountId, why);
        return closed;
    }

    public int count(String accountId) {
        Set<Session> open = sessions.get(accountId.toLowerCase(Locale.ROOT));
        return open == null ? 0 : open.size();
    }
}
