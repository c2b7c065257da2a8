package org.govmail.server.search;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Collection;

import javax.inject.Inject;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.mailbox.model.Content;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;
import org.apache.james.mailbox.MessageUid;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.store.Directory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * James' Lucene index with two corrections, both on its public surface (James is wired, not forked):
 * <ul>
 *   <li>headers are indexed in the spelling of {@link SearchableHeaders} and queries are rewritten to it
 *       ({@link SearchableQuery}), so Korean subjects and display names, encoded or not, are found;</li>
 *   <li>a flag search ({@code UNSEEN}, {@code DELETED}, ...) is answered by James as one clause per run of
 *       matching UIDs, which Lucene refuses beyond 1 024 clauses: a 10 000-message mailbox with flags
 *       scattered by ordinary use got "NO SEARCH failed". The limit is raised to {@link #MAX_CLAUSES}.</li>
 * </ul>
 */
public class GovmailLuceneIndex extends LuceneMessageSearchIndex {
    /**
     * A mailbox of n messages needs at most n/2 + 1 UID runs. Lucene keeps this limit in a static field,
     * so it is set for the whole JVM; this index is its only user.
     */
    static final int MAX_CLAUSES = 1 << 20;

    @Inject
    public GovmailLuceneIndex(MailboxSessionMapperFactory factory, MailboxId.Factory mailboxIdFactory, Directory directory,
                              MessageId.Factory messageIdFactory, SessionProvider sessionProvider) throws IOException {
        super(factory, mailboxIdFactory, directory, messageIdFactory, sessionProvider);
        BooleanQuery.setMaxClauseCount(Math.max(MAX_CLAUSES, BooleanQuery.getMaxClauseCount()));
    }

    @Override
    public Mono<Void> add(MailboxSession session, Mailbox mailbox, MailboxMessage message) {
        return Mono.fromCallable(() -> withSearchableHeaders(message))
            .flatMap(searchable -> super.add(session, mailbox, searchable));
    }

    @Override
    public Flux<MessageUid> doSearch(MailboxSession session, Mailbox mailbox, SearchQuery searchQuery) throws MailboxException {
        return super.doSearch(session, mailbox, SearchableQuery.rewrite(searchQuery));
    }

    @Override
    public Flux<MessageId> search(MailboxSession session, Collection<MailboxId> mailboxIds, SearchQuery searchQuery, long limit)
            throws MailboxException {
        return super.search(session, mailboxIds, SearchableQuery.rewrite(searchQuery), limit);
    }

    /** The same message for the index, its header block rewritten; size and attachments stay the original's. */
    static MailboxMessage withSearchableHeaders(MailboxMessage message) throws IOException, MailboxException {
        byte[] headers;
        try (InputStream in = message.getHeaderContent()) {
            headers = SearchableHeaders.rewrite(in.readAllBytes());
        }
        long bodyOctets = message.getBodyOctets();
        Content content = new Content() {
            @Override
            public InputStream getInputStream() throws IOException {
                return new SequenceInputStream(new ByteArrayInputStream(headers), message.getBodyContent());
            }

            @Override
            public long size() {
                return headers.length + bodyOctets;
            }
        };
        return SimpleMailboxMessage.builder()
            .messageId(message.getMessageId())
            .threadId(message.getThreadId())
            .mailboxId(message.getMailboxId())
            .uid(message.getUid())
            .modseq(message.getModSeq())
            .internalDate(message.getInternalDate())
            .saveDate(message.getSaveDate())
            .size(message.getFullContentOctets())
            .bodyStartOctet(headers.length)
            .content(content)
            .flags(message.createFlags())
            .properties(message.getProperties())
            .addAttachments(message.getAttachments())
            .build();
    }
}
