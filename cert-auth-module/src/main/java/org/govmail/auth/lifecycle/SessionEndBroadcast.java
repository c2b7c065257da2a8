package org.govmail.auth.lifecycle;

/**
 * Tells every other node that the sessions listed under a key (an account, or one web login) must end. A
 * node only knows its own connections ({@link LiveSessions}); an administrator's change made through node A
 * must also cut the IMAP IDLE an official keeps open on node B.
 */
@FunctionalInterface
public interface SessionEndBroadcast {
    /** One node only: nothing to tell. */
    SessionEndBroadcast NONE = (sessionKey, why) -> { };

    /** Records the end for the other nodes; must not throw for a transient store failure (it logs instead). */
    void publish(String sessionKey, String why);
}
