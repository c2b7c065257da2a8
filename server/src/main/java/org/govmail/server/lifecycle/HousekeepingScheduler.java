package org.govmail.server.lifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;

import org.apache.james.lifecycle.api.Startable;
import org.govmail.auth.lifecycle.Housekeeping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the lifecycle's scheduled work (retirement dates, expiry reminders, retention, expired sign-up
 * sessions) every {@code housekeeping@interval} on one daemon thread; the first run comes a minute after
 * start (or sooner if the interval is shorter) so start-up is not slowed down.
 */
public final class HousekeepingScheduler implements Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(HousekeepingScheduler.class);

    private final Housekeeping housekeeping;
    private final Duration interval;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "govmail-housekeeping");
        thread.setDaemon(true);
        return thread;
    });

    public HousekeepingScheduler(Housekeeping housekeeping, Duration interval) {
        this.housekeeping = housekeeping;
        this.interval = interval;
    }

    public void start() {
        long period = interval.toMillis();
        executor.scheduleWithFixedDelay(this::runOnce, Math.min(period, 60_000), period, TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            housekeeping.run();
        } catch (RuntimeException e) {
            LOGGER.error("housekeeping failed", e);
        }
    }

    @PreDestroy
    public void stop() {
        executor.shutdownNow();
    }
}
