package org.govmail.server.mail;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxExistsException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.MailboxConstants;
import org.apache.james.mailbox.model.MailboxMetaData;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.lifecycle.MailArchive;

import reactor.core.publisher.Mono;

/**
 * {@link MailArchive} on James' mailbox API, acting as the account itself through a system session (no
 * password, no ACL delegation: only the account's own mailboxes in the private namespace are touched).
 *
 * <p>Memory: exports never hold more than one message. The JPA store keeps a message's bytes in the
 * entity, and a session's entity manager keeps every entity it loaded, so messages are fetched one UID at
 * a time and the session's request is ended after each (closing the entity manager); UIDs are listed in
 * pages of {@value #UID_PAGE} without content.
 *
 * <p>Every method blocks (James' reactive calls are awaited): call them from request or worker threads,
 * never from a Reactor event loop.
 */
public final class JamesMailArchive implements MailArchive {
    static final String MANIFEST = "manifest.json";
    private static final int UID_PAGE = 200;
    /** Passes of deleteAll: more than one only when mail is delivered while the account is being deleted. */
    private static final int DELETE_PASSES = 3;

    private final MailboxManager mailboxManager;
    private final SubscriptionManager subscriptionManager;
    private final Clock clock;

    @Inject
    public JamesMailArchive(MailboxManager mailboxManager, SubscriptionManager subscriptionManager) {
        this(mailboxManager, subscriptionManager, Clock.systemUTC());
    }

    JamesMailArchive(MailboxManager mailboxManager, SubscriptionManager subscriptionManager, Clock clock) {
        this.mailboxManager = mailboxManager;
        this.subscriptionManager = subscriptionManager;
        this.clock = clock;
    }

    @Override
    public void createInbox(String accountId) throws IOException {
        inSession(accountId, session -> {
            MailboxPath inbox = MailboxPath.inbox(session);
            if (Boolean.TRUE.equals(Mono.from(mailboxManager.mailboxExists(inbox, session)).block())) {
                return null;
            }
            try {
                // James serialises creations of one path and ignores a concurrent duplicate; an INBOX
                // created between the check above and here (delivery, IMAP login) arrives as this exception.
                mailboxManager.createMailbox(inbox, MailboxManager.CreateOption.CREATE_SUBSCRIPTION, session);
            } catch (MailboxExistsException alreadyThere) {
                // created concurrently: the outcome the caller asked for
            }
            return null;
        });
    }

    @Override
    public List<Folder> folders(String accountId) throws IOException {
        return inSession(accountId, session -> mailboxes(session).stream()
            .map(mailbox -> new Folder(mailbox.folder(), mailbox.messages()))
            .toList());
    }

    @Override
    public void writeMbox(String accountId, String folder, OutputStream out) throws IOException, GovmailAuthException {
        this.<Void, GovmailAuthException>inSession(accountId, session -> {
            StoredMailbox mailbox = mailboxes(session).stream()
                .filter(candidate -> FolderNames.designates(folder, candidate.folder()))
                .findFirst()
                .orElseThrow(() -> new GovmailAuthException(Reason.FOLDER_NOT_FOUND,
                    "no mail folder '" + folder + "' for " + accountId));
            export(mailbox.path(), new MboxWriter(out), session);
            return null;
        });
    }

    @Override
    public void writeZip(String accountId, OutputStream out) throws IOException {
        inSession(accountId, session -> {
            List<Manifest.Entry> written = new ArrayList<>();
            Set<String> entries = new HashSet<>();
            entries.add(MANIFEST);
            ZipOutputStream zip = new ZipOutputStream(new KeepOpen(out), StandardCharsets.UTF_8);
            for (StoredMailbox mailbox : mailboxes(session)) {
                String entry = FolderNames.entryName(mailbox.folder(), entries);
                entries.add(entry);
                zip.putNextEntry(new ZipEntry(entry));
                long messages = export(mailbox.path(), new MboxWriter(zip), session);
                zip.closeEntry();
                written.add(new Manifest.Entry(mailbox.folder(), entry, messages));
            }
            // Last, so the counts are what the archive really holds even if mail arrived meanwhile.
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(new Manifest(accountId, clock.instant(), written).toJson().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            // Only now: closing writes the central directory, which would make a failed export look like a
            // complete (if smaller) archive. On failure the ZIP stays truncated, and unreadable as such.
            // The caller's stream stays open (KeepOpen).
            zip.close();
            return null;
        });
    }

    @Override
    public void deleteAll(String accountId) throws IOException {
        inSession(accountId, session -> {
            for (int pass = 0; pass < DELETE_PASSES; pass++) {
                List<StoredMailbox> mailboxes = mailboxes(session);
                if (mailboxes.isEmpty()) {
                    unsubscribeAll(session);
                    return null;
                }
                // Deepest first: a parent is never removed while a child still names it.
                mailboxes.sort(Comparator.comparingInt((StoredMailbox mailbox) -> depth(mailbox.path(), session)).reversed());
                for (StoredMailbox mailbox : mailboxes) {
                    delete(mailbox.path(), session);
                }
                mailboxManager.endProcessingRequest(session);
            }
            throw new IOException("mailboxes of " + accountId + " are still being created (is mail still delivered?)");
        });
    }

    /** The account's own mailboxes, INBOX first, then by folder name. */
    private List<StoredMailbox> mailboxes(MailboxSession session) {
        MailboxQuery query = MailboxQuery.privateMailboxesBuilder(session).build();
        List<MailboxMetaData> found = mailboxManager.search(query, MailboxManager.MailboxSearchFetchType.Counters, session)
            .collectList()
            .block();
        List<StoredMailbox> mailboxes = new ArrayList<>();
        for (MailboxMetaData metaData : found == null ? List.<MailboxMetaData>of() : found) {
            MailboxPath path = metaData.getPath();
            if (path.belongsTo(session) && MailboxConstants.USER_NAMESPACE.equals(path.getNamespace())) {
                mailboxes.add(new StoredMailbox(path, FolderNames.folderName(path.getName(), session.getPathDelimiter()),
                    metaData.getCounters().getCount()));
            }
        }
        mailboxes.sort(Comparator.comparing((StoredMailbox mailbox) -> !mailbox.path().isInbox())
            .thenComparing(StoredMailbox::folder));
        return mailboxes;
    }

    /** Writes one mailbox in UID order; returns how many messages were written. */
    private long export(MailboxPath path, MboxWriter writer, MailboxSession session) throws MailboxException, IOException {
        MessageManager mailbox = mailboxManager.getMailbox(path, session);
        MessageUid cursor = MessageUid.MIN_VALUE;
        long written = 0;
        while (true) {
            List<MessageUid> page = uidPage(mailbox, cursor, session);
            if (page.isEmpty()) {
                return written;
            }
            for (MessageUid uid : page) {
                if (writeMessage(mailbox, uid, writer, session)) {
                    written++;
                }
            }
            MessageUid last = page.get(page.size() - 1);
            if (last.equals(MessageUid.MAX_VALUE)) {
                return written;
            }
            cursor = last.next();
        }
    }

    private List<MessageUid> uidPage(MessageManager mailbox, MessageUid from, MailboxSession session) throws MailboxException {
        List<MessageUid> uids = new ArrayList<>(UID_PAGE);
        try {
            MessageResultIterator messages = mailbox.getMessages(MessageRange.from(from), FetchGroup.MINIMAL, session);
            while (uids.size() < UID_PAGE && messages.hasNext()) {
                uids.add(messages.next().getUid());
            }
            throwIfFailed(messages);
            return uids;
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    /** False when the message was expunged after its UID was listed. */
    private boolean writeMessage(MessageManager mailbox, MessageUid uid, MboxWriter writer, MailboxSession session)
            throws MailboxException, IOException {
        try {
            MessageResultIterator messages = mailbox.getMessages(MessageRange.one(uid), FetchGroup.FULL_CONTENT, session);
            if (!messages.hasNext()) {
                throwIfFailed(messages);
                return false;
            }
            MessageResult message = messages.next();
            String sender = MboxSender.choose(firstHeader(message, MboxSender.RETURN_PATH), firstHeader(message, MboxSender.FROM));
            try (InputStream content = message.getFullContent().getInputStream()) {
                writer.write(sender, message.getInternalDate().toInstant(), content);
            }
            return true;
        } finally {
            mailboxManager.endProcessingRequest(session); // drops the message from the entity manager
        }
    }

    private static Optional<String> firstHeader(MessageResult message, String name) throws MailboxException {
        Iterator<Header> headers = message.getHeaders().headers();
        while (headers.hasNext()) {
            Header header = headers.next();
            if (header.getName().equalsIgnoreCase(name)) {
                return Optional.of(header.getValue());
            }
        }
        return Optional.empty();
    }

    private static void throwIfFailed(MessageResultIterator messages) throws MailboxException {
        if (messages.getException() != null) {
            throw messages.getException();
        }
    }

    private void delete(MailboxPath path, MailboxSession session) throws MailboxException {
        try {
            mailboxManager.deleteMailbox(path, session);
        } catch (MailboxNotFoundException goneAlready) {
            // deleted concurrently
        }
    }

    private void unsubscribeAll(MailboxSession session) throws MailboxException {
        for (MailboxPath subscribed : List.copyOf(subscriptionManager.subscriptions(session))) {
            subscriptionManager.unsubscribe(session, subscribed);
        }
    }

    private static int depth(MailboxPath path, MailboxSession session) {
        return path.getHierarchyLevels(session.getPathDelimiter()).size();
    }

    /** Runs {@code work} in a fresh system session of the account and always ends its request. */
    private <T, E extends Exception> T inSession(String accountId, SessionWork<T, E> work) throws IOException, E {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(accountId));
        try {
            return work.run(session);
        } catch (MailboxException e) {
            throw new IOException("mail store of " + accountId + ": " + e.getMessage(), e);
        } finally {
            subscriptionManager.endProcessingRequest(session);
            mailboxManager.endProcessingRequest(session);
        }
    }

    @FunctionalInterface
    private interface SessionWork<T, E extends Exception> {
        T run(MailboxSession session) throws MailboxException, IOException, E;
    }

    /** One of the account's mailboxes: James' path, the archive's folder name, its message count. */
    private record StoredMailbox(MailboxPath path, String folder, long messages) {
    }

    /** Lets the ZIP stream be closed (freeing its native deflater) without closing the caller's stream. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length); // FilterOutputStream would write byte by byte
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
