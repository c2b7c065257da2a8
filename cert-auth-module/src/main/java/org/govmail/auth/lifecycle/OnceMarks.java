package org.govmail.auth.lifecycle;

/**
 * Remembers that a piece of scheduled work was done (a reminder sent, a mailbox purged), so that running
 * the schedule again — on this node or another, before or after a restart — does not do it twice.
 */
public interface OnceMarks {
    /** True the first time a key is marked, false every time after. */
    boolean markOnce(String key);
}
