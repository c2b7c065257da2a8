package org.govmail.server.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.IntPredicate;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.search.SearchTerm;

/** Looks into one user's INBOX over IMAPS, as often as a test needs, until a condition holds. */
public final class ImapProbe {
    private final MailClients clients;
    private final String user;
    private final String password;

    public ImapProbe(MailClients clients, String user, String password) {
        this.clients = clients;
        this.user = user;
        this.password = password;
    }

    /** Number of INBOX messages matching the term (the server's SEARCH), or all messages when term is null. */
    public int count(SearchTerm term) throws MessagingException {
        Store store = clients.imaps().getStore();
        store.connect(user, password);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            int count = term == null ? inbox.getMessageCount() : inbox.search(term).length;
            inbox.close(false);
            return count;
        } finally {
            store.close();
        }
    }

    /** Polls until the count satisfies the condition or the timeout passes; returns the last count. */
    public int awaitCount(SearchTerm term, IntPredicate condition, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int count = -1;
        while (Instant.now().isBefore(deadline)) {
            try {
                count = count(term);
                if (condition.test(count)) {
                    return count;
                }
            } catch (MessagingException e) {
                // the server may still be starting: try again until the deadline
            }
            Thread.sleep(500);
        }
        return count;
    }

    /**
     * Number of INBOX messages whose decoded subject contains {@code text}, checked on the client: what
     * the user's mail client shows, independent of the server's search index.
     */
    public int countSubjectContaining(String text) throws MessagingException {
        Store store = clients.imaps().getStore();
        store.connect(user, password);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            int count = 0;
            for (jakarta.mail.Message message : inbox.getMessages()) {
                String subject = message.getSubject();
                if (subject != null && subject.contains(text)) {
                    count++;
                }
            }
            inbox.close(false);
            return count;
        } finally {
            store.close();
        }
    }

    /** Polls {@link #countSubjectContaining} until at least {@code expected} or the timeout; returns the last count. */
    public int awaitSubject(String text, int expected, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int count = -1;
        while (Instant.now().isBefore(deadline)) {
            try {
                count = countSubjectContaining(text);
                if (count >= expected) {
                    return count;
                }
            } catch (MessagingException e) {
                // the server may still be starting: try again until the deadline
            }
            Thread.sleep(500);
        }
        return count;
    }
}
