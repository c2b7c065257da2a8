package org.govmail.auth.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;

/**
 * {@code conf/govmail-lifecycle.xml}: sign-up terms and session lifetime, the public API's rate limit,
 * how long mail is kept after rejection and exportable after retirement, certificate expiry reminders,
 * how often scheduled work runs, and who govmail's own mails come from. Every element is documented in
 * the file itself.
 */
public record LifecycleConfiguration(Duration signupSessionTtl, List<Terms> terms, int publicRequestsPerMinute,
                                     Set<String> trustedProxies, Duration rejectedMailRetention,
                                     Duration exportAfterRetirement, List<Integer> reminderDays,
                                     Duration housekeepingInterval, String notificationSender) {
    /** A terms document the sign-up must accept ({@code required}) or may accept, in its current version. */
    public record Terms(String id, String version, boolean required) {
    }

    private static final String FILE = "govmail-lifecycle.xml";

    public LifecycleConfiguration {
        terms = List.copyOf(terms);
        trustedProxies = Set.copyOf(trustedProxies);
        reminderDays = reminderDays.stream().sorted((a, b) -> b - a).toList();
    }

    public static LifecycleConfiguration defaults() {
        return new LifecycleConfiguration(Duration.ofMinutes(30),
            List.of(new Terms("service", "2026-01-01", true), new Terms("privacy", "2026-01-01", true)),
            30, Set.of(), Duration.ofDays(30), Duration.ofDays(90), List.of(30, 7, 1), Duration.ofHours(1), "postmaster");
    }

    public static LifecycleConfiguration read(HierarchicalConfiguration<ImmutableNode> conf) throws ConfigurationException {
        LifecycleConfiguration defaults = defaults();
        List<Terms> terms = new ArrayList<>();
        for (HierarchicalConfiguration<ImmutableNode> node : conf.configurationsAt("signup.terms")) {
            String id = node.getString("[@id]");
            String version = node.getString("[@version]");
            if (id == null || version == null) {
                throw new ConfigurationException("signup.terms needs id and version");
            }
            terms.add(new Terms(id, version, node.getBoolean("[@required]", true)));
        }
        List<Integer> days = new ArrayList<>();
        for (String day : conf.getString("reminders[@daysBefore]", "30,7,1").split(",")) {
            if (!day.isBlank()) {
                try {
                    days.add(Integer.parseInt(day.trim()));
                } catch (NumberFormatException e) {
                    throw new ConfigurationException("reminders@daysBefore: '" + day + "' is not a number");
                }
            }
        }
        Set<String> proxies = Arrays.stream(conf.getString("publicApi[@trustedProxies]", "").split(","))
            .map(String::trim).filter(proxy -> !proxy.isEmpty()).collect(Collectors.toSet());
        return new LifecycleConfiguration(
            ConfigValues.duration(conf, "signup[@sessionTtl]", defaults.signupSessionTtl(), FILE),
            terms.isEmpty() ? defaults.terms() : terms,
            conf.getInt("publicApi[@requestsPerMinute]", defaults.publicRequestsPerMinute()),
            proxies,
            ConfigValues.duration(conf, "retention[@rejectedMail]", defaults.rejectedMailRetention(), FILE),
            ConfigValues.duration(conf, "retention[@exportAfterRetirement]", defaults.exportAfterRetirement(), FILE),
            days,
            ConfigValues.duration(conf, "housekeeping[@interval]", defaults.housekeepingInterval(), FILE),
            conf.getString("notifications[@sender]", defaults.notificationSender()));
    }

}
