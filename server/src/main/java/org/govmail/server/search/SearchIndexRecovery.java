package org.govmail.server.search;

import javax.inject.Inject;

import org.apache.james.lifecycle.api.Startable;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.indexer.ReIndexer;
import org.apache.james.task.TaskId;
import org.apache.james.task.TaskManager;
import org.govmail.server.startup.PreviousRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a run that did not stop cleanly, the search index may lack the messages of its last seconds.
 * A full re-index is submitted as a James task (visible under WebAdmin {@code /tasks}); IMAP keeps
 * serving meanwhile, and searches become complete again when the task finishes.
 */
public class SearchIndexRecovery implements Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SearchIndexRecovery.class);

    private final PreviousRun previousRun;
    private final ReIndexer reIndexer;
    private final TaskManager taskManager;

    @Inject
    public SearchIndexRecovery(PreviousRun previousRun, ReIndexer reIndexer, TaskManager taskManager) {
        this.previousRun = previousRun;
        this.reIndexer = reIndexer;
        this.taskManager = taskManager;
    }

    public void recoverIfNeeded() throws MailboxException {
        if (previousRun.endedCleanly()) {
            return;
        }
        TaskId task = taskManager.submit(reIndexer.reIndex(ReIndexer.RunningOptions.DEFAULT));
        LOGGER.warn("The previous run did not stop cleanly: re-indexing all mailboxes for search (task {})", task.asString());
    }
}
