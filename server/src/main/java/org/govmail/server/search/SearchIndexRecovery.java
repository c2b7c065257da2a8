package org.govmail.server.search;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.lifecycle.api.Startable;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.indexer.ReIndexer;
import org.apache.james.task.TaskId;
import org.apache.james.task.TaskManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.govmail.server.startup.PreviousRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the search index when what it holds cannot be trusted: after a run that did not stop cleanly
 * (the index may lack the messages of its last seconds), and when the index was written by a build that
 * spelled headers differently or was removed by an admin ({@link #FORMAT}, kept in a file beside the
 * index). The full re-index is a
 * James task (visible under WebAdmin {@code /tasks}); IMAP keeps serving meanwhile, and searches become
 * complete again when the task finishes.
 */
public class SearchIndexRecovery implements Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SearchIndexRecovery.class);
    /** Raise when the indexed spelling changes ({@link SearchableHeaders}); 2: decoded, escaped headers. */
    static final String FORMAT = "2";
    static final String FORMAT_FILE = "govmail-index-format";

    private final PreviousRun previousRun;
    private final ReIndexer reIndexer;
    private final TaskManager taskManager;
    private final Directory directory;

    @Inject
    public SearchIndexRecovery(PreviousRun previousRun, ReIndexer reIndexer, TaskManager taskManager, Directory directory) {
        this.previousRun = previousRun;
        this.reIndexer = reIndexer;
        this.taskManager = taskManager;
        this.directory = directory;
    }

    public void recoverIfNeeded() throws MailboxException, IOException {
        Optional<Path> formatFile = formatFile();
        boolean currentFormat = formatFile.map(SearchIndexRecovery::holdsCurrentFormat).orElse(true);
        if (previousRun.endedCleanly() && currentFormat) {
            return;
        }
        TaskId task = taskManager.submit(reIndexer.reIndex(ReIndexer.RunningOptions.DEFAULT));
        if (!currentFormat) {
            // Also a new installation (nothing to index, the task ends at once) or an index folder an
            // admin removed to have it rebuilt.
            LOGGER.info("The search index does not record format {} (new, removed or older index): re-indexing all mailboxes (task {})",
                FORMAT, task.asString());
        } else {
            LOGGER.warn("The previous run did not stop cleanly: re-indexing all mailboxes for search (task {})", task.asString());
        }
        // Written once the task is submitted: a crash before it ends makes the next run unclean, which
        // re-indexes again.
        if (formatFile.isPresent()) {
            Files.writeString(formatFile.get(), FORMAT + "\n", StandardCharsets.US_ASCII);
        }
    }

    private Optional<Path> formatFile() {
        if (directory instanceof FSDirectory fs) {
            return Optional.of(fs.getDirectory().toPath().resolve(FORMAT_FILE));
        }
        return Optional.empty();
    }

    private static boolean holdsCurrentFormat(Path file) {
        try {
            return Files.isRegularFile(file) && Files.readString(file, StandardCharsets.US_ASCII).trim().equals(FORMAT);
        } catch (IOException e) {
            return false;
        }
    }
}
