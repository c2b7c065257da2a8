package org.govmail.server.lifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.annotation.PreDestroy;

import org.apache.james.lifecycle.api.Startable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * govmail's own scheduled work on daemon threads: the lifecycle's housekeeping (every
 * {@code housekeeping@interval}) and following the session ends other nodes publish (every
 * {@code sessionEnds@poll}). Two threads, so a long housekeeping run never delays the session ends; a task that
 * fails is logged and runs again at its next turn.
 */
public final class PeriodicTasks implements Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(PeriodicTasks.class);

    private final AtomicInteger threads = new AtomicInteger();
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "govmail-periodic-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    /** Runs {@code task} first after {@code firstDelay}, then {@code period} after each run ends. */
    public void every(String name, Duration firstDelay, Duration period, Runnable task) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOGGER.error("{} failed", name, e);
            }
        }, firstDelay.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    public void stop() {
        executor.shutdownNow();
    }
}
