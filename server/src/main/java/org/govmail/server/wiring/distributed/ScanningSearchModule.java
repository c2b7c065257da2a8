package org.govmail.server.wiring.distributed;

import org.apache.james.mailbox.extractor.TextExtractor;
import org.apache.james.mailbox.store.extractor.JsoupTextExtractor;
import org.apache.james.mailbox.indexer.ReIndexer;
import org.apache.james.mailbox.store.search.ListeningMessageSearchIndex;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.apache.james.mailbox.store.search.SimpleMessageSearchIndex;

import org.apache.mailbox.tools.indexer.ReIndexerImpl;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/**
 * IMAP SEARCH in the distributed profile: James' scanning search, which reads the mailbox from Cassandra at
 * each search. Every node answers the same at once (there is no index to replicate, lag behind, rebuild after
 * a crash or reindex), at the price of work proportional to the mailbox: flag, date and size criteria read
 * message metadata, header criteria the headers, TEXT and BODY whole messages. Measured on a 10 000-message
 * mailbox in docs/scale-out.md. James' shared index (OpenSearch) is not published for 3.8.1.
 */
class ScanningSearchModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(JsoupTextExtractor.class).in(Scopes.SINGLETON);
        bind(TextExtractor.class).to(JsoupTextExtractor.class);
        bind(SimpleMessageSearchIndex.class).in(Scopes.SINGLETON);
        bind(MessageSearchIndex.class).to(SimpleMessageSearchIndex.class);
        bind(NoSearchIndex.class).in(Scopes.SINGLETON);
        bind(ListeningMessageSearchIndex.class).to(NoSearchIndex.class);
        bind(ReIndexerImpl.class).in(Scopes.SINGLETON);
        bind(ReIndexer.class).to(ReIndexerImpl.class);
    }
}
