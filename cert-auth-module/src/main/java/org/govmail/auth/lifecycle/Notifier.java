package org.govmail.auth.lifecycle;

/**
 * Sends govmail's own mails. The server's implementation hands them to James' spool queue, so they are
 * persisted and go through the same mailet pipeline as any other mail.
 */
public interface Notifier {
    /** Queues the notice; throws only if it could not be queued (the caller logs and audits that). */
    void send(Notice notice) throws Exception;
}
