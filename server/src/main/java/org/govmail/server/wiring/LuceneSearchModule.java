package org.govmail.server.wiring;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;

import javax.inject.Singleton;

import org.apache.james.events.EventListener;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.mailbox.store.search.ListeningMessageSearchIndex;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.apache.james.modules.mailbox.ReIndexingTaskSerializationModule;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.govmail.server.search.GovmailLuceneIndex;
import org.govmail.server.search.LuceneIndexCommitter;
import org.govmail.server.search.SearchIndexRecovery;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * IMAP SEARCH on a Lucene index, kept up to date by listening to mailbox events.
 *
 * <p>The index lives in {@code var/store/lucene}: James' own wiring opens it in the server's base
 * directory, which would scatter index segments next to {@code conf/}. James never commits the index;
 * {@link LuceneIndexCommitter} does, and {@link SearchIndexRecovery} rebuilds it after a crash.
 */
public class LuceneSearchModule extends AbstractModule {
    static final String INDEX_LOCATION = "file://var/store/lucene";

    @Override
    protected void configure() {
        install(new ReIndexingTaskSerializationModule());
        bind(GovmailLuceneIndex.class).in(Scopes.SINGLETON);
        bind(LuceneMessageSearchIndex.class).to(GovmailLuceneIndex.class);
        bind(MessageSearchIndex.class).to(GovmailLuceneIndex.class);
        bind(ListeningMessageSearchIndex.class).to(GovmailLuceneIndex.class);
        Multibinder.newSetBinder(binder(), EventListener.ReactiveGroupEventListener.class)
            .addBinding().to(GovmailLuceneIndex.class);
    }

    @ProvidesIntoSet
    InitializationOperation commitPeriodically(LuceneIndexCommitter committer) {
        return InitilizationOperationBuilder.forClass(LuceneIndexCommitter.class).init(committer::start);
    }

    @ProvidesIntoSet
    InitializationOperation recoverAfterCrash(SearchIndexRecovery recovery) {
        return InitilizationOperationBuilder.forClass(SearchIndexRecovery.class).init(recovery::recoverIfNeeded);
    }

    @Provides
    @Singleton
    Directory indexDirectory(FileSystem fileSystem) throws IOException {
        File location = fileSystem.getFile(INDEX_LOCATION);
        if (!location.isDirectory() && !location.mkdirs()) {
            throw new FileNotFoundException("Cannot create the Lucene index folder " + location);
        }
        return FSDirectory.open(location);
    }
}
