package org.govmail.auth.lifecycle;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import org.govmail.auth.GovmailAuthException;
import org.slf4j.LoggerFactory;

/**
 * An account's stored mail, as the lifecycle needs it: create the mailbox at sign-up, export it before
 * (and for a while after) retirement, remove it when a rejected account's retention period ends.
 */
public interface MailArchive {
    /** A folder and how many messages it holds. Names use '/' as the hierarchy delimiter. */
    record Folder(String name, long messages) {
    }

    /** Creates the INBOX (and nothing else) if it does not exist yet. */
    void createInbox(String accountId) throws IOException;

    /**
     * {@link #createInbox} for a new account: a failure is logged, not raised, because local delivery
     * creates the INBOX too and the account is usable either way.
     */
    default void createInboxForNewAccount(String accountId) {
        try {
            createInbox(accountId);
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(MailArchive.class).warn("could not create the INBOX of {} now: {}", accountId, e.toString());
        }
    }

    List<Folder> folders(String accountId) throws IOException;

    /** One folder as mboxrd (RFC 4155 "From " lines, ">From " quoting), messages in UID order. */
    void writeMbox(String accountId, String folder, OutputStream out) throws IOException, GovmailAuthException;

    /** Every folder as one mboxrd file per folder ({@code <folder>.mbox}) in a ZIP archive. */
    void writeZip(String accountId, OutputStream out) throws IOException;

    /** Removes every folder and message of the account. */
    void deleteAll(String accountId) throws IOException;
}
