package org.govmail.mailets.routing;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;

/**
 * {@code conf/govmail-routing.xml}: what the security routing shares between its matchers and mailets
 * (each mailet's own policy stays in its parameters in {@code mailetcontainer.xml}):
 * <ul>
 *   <li>{@code governmentDomains}: the other ministries' mail domains, names and {@code *.suffix} patterns;</li>
 *   <li>{@code dns}: the resolvers SPF, DKIM and DMARC ask (none: the system's), and their timeout;</li>
 *   <li>{@code dkim}: the selector and folder of the signing keys, one {@code <domain>.pem} per hosted domain.</li>
 * </ul>
 */
public record RoutingConfiguration(GovernmentDomains governmentDomains, List<String> dnsServers, Duration dnsTimeout,
                                   String dkimSelector, String dkimKeyFolder, boolean dkimGenerate) {
    public RoutingConfiguration {
        dnsServers = List.copyOf(dnsServers);
    }

    public static RoutingConfiguration read(HierarchicalConfiguration<ImmutableNode> conf) throws ConfigurationException {
        GovernmentDomains domains;
        try {
            domains = GovernmentDomains.of(conf.getList(String.class, "governmentDomains.domain", List.of()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("govmail-routing.xml: " + e.getMessage());
        }
        String selector = conf.getString("dkim[@selector]", "govmail");
        if (!selector.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new ConfigurationException("govmail-routing.xml: dkim@selector '" + selector + "' is not a DNS label");
        }
        return new RoutingConfiguration(domains,
            conf.getList(String.class, "dns.server", List.of()),
            duration(conf.getString("dns[@timeout]", "PT5S")),
            selector,
            conf.getString("dkim[@keyFolder]", "file://conf/dkim/"),
            conf.getBoolean("dkim[@generate]", false));
    }

    private static Duration duration(String value) throws ConfigurationException {
        try {
            Duration duration = Duration.parse(value);
            if (duration.isNegative() || duration.isZero()) {
                throw new ConfigurationException("govmail-routing.xml: dns@timeout must be positive, not " + value);
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new ConfigurationException("govmail-routing.xml: dns@timeout '" + value + "' is not an ISO-8601 duration");
        }
    }

    /** A resolver address {@code host} or {@code host:port} (IPv6 in brackets). */
    public static Optional<Integer> portOf(String server) {
        int colon = server.lastIndexOf(':');
        if (colon < 0 || server.lastIndexOf(']') > colon) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(server.substring(colon + 1)));
    }
}
