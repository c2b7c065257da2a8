package org.govmail.server.search;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.lifecycle.api.Startable;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.lucene.store.AlreadyClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * James' Lucene index never commits: searches see new messages (the reader is opened on the writer),
 * but nothing reaches the index files until the writer's buffer happens to flush, so a crash or even a
 * clean stop lost the index of every recent message. This commits every {@link #INTERVAL} and once more
 * when the server stops; {@link SearchIndexRecovery} covers the last interval after a crash.
 */
@Singleton
public class LuceneIndexCommitter implements Startable {
    static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Logger LOGGER = LoggerFactory.getLogger(LuceneIndexCommitter.class);

    private final LuceneMessageSearchIndex index;
    private ScheduledExecutorService scheduler;

    @Inject
    public LuceneIndexCommitter(LuceneMessageSearchIndex index) {
        this.index = index;
    }

    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lucene-index-commit");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::commit, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            commit();
        }
    }

    private void commit() {
        try {
            index.commit();
        } catch (AlreadyClosedException e) {
            // the server is stopping and the writer is gone: nothing left to commit
        } catch (IOException | RuntimeException e) {
            LOGGER.warn("Committing the search index failed; will retry in {}", INTERVAL, e);
        }
    }
}
