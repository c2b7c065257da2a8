package org.govmail.auth.config;

import java.time.Duration;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;

/**
 * {@code sessionEnds} of {@code conf/govmail-lifecycle.xml}: how a node follows the session ends the other nodes
 * publish. {@code poll}: how often it reads them (the delay before a retirement made on another node cuts a session
 * here); {@code window}: how far back each read looks (must exceed the longest transaction plus the clock difference
 * between nodes); {@code keep}: when published ends are deleted.
 */
public record SessionEndSettings(Duration poll, Duration window, Duration keep) {
    private static final String FILE = "govmail-lifecycle.xml";

    public SessionEndSettings {
        if (poll.isNegative() || poll.isZero() || window.compareTo(poll) <= 0 || keep.compareTo(window) <= 0) {
            throw new IllegalArgumentException(FILE + ": sessionEnds needs 0 < poll < window < keep, got poll=" + poll
                + " window=" + window + " keep=" + keep);
        }
    }

    public static SessionEndSettings defaults() {
        return new SessionEndSettings(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofDays(1));
    }

    public static SessionEndSettings read(HierarchicalConfiguration<ImmutableNode> conf) throws ConfigurationException {
        SessionEndSettings defaults = defaults();
        try {
            return new SessionEndSettings(
                ConfigValues.duration(conf, "sessionEnds[@poll]", defaults.poll(), FILE),
                ConfigValues.duration(conf, "sessionEnds[@window]", defaults.window(), FILE),
                ConfigValues.duration(conf, "sessionEnds[@keep]", defaults.keep(), FILE));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }
}
