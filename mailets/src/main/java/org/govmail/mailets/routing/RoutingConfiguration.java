package org.govmail.mailets.routing;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.govmail.mailets.outbound.ClassificationMarks;
import org.govmail.mailets.outbound.SendRateLimits;

/**
 * {@code conf/govmail-routing.xml}: what the security routing shares between its matchers and mailets
 * (each mailet's own policy stays in its parameters in {@code mailetcontainer.xml}):
 * <ul>
 *   <li>{@code governmentDomains}: the other ministries' mail domains, names and {@code *.suffix} patterns;</li>
 *   <li>{@code dns}: the resolvers SPF, DKIM and DMARC ask (none: the system's), and their timeout;</li>
 *   <li>{@code dkim}: the selector and folder of the signing keys, one {@code <domain>.pem} per hosted domain;</li>
 *   <li>{@code classification}: the header values and subject markers of classified content;</li>
 *   <li>{@code rateLimits}: outside recipients per sender and window, approved vs. pending accounts;</li>
 *   <li>{@code peerTrust}: the CA certificates that verify other ministries' mail servers.</li>
 * </ul>
 */
public record RoutingConfiguration(GovernmentDomains governmentDomains, List<String> dnsServers, Duration dnsTimeout,
                                   String dkimSelector, String dkimKeyFolder, boolean dkimGenerate,
                                   ClassificationMarks classification, SendRateLimits rateLimits,
                                   Optional<String> peerTrustCertificates, boolean peerTrustSystem) {
    private static final String FILE = "govmail-routing.xml: ";

    public RoutingConfiguration {
        dnsServers = List.copyOf(dnsServers);
    }

    public static RoutingConfiguration read(HierarchicalConfiguration<ImmutableNode> conf) throws ConfigurationException {
        GovernmentDomains domains;
        try {
            domains = GovernmentDomains.of(conf.getList(String.class, "governmentDomains.domain", List.of()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(FILE + e.getMessage());
        }
        String selector = conf.getString("dkim[@selector]", "govmail");
        if (!selector.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new ConfigurationException(FILE + "dkim@selector '" + selector + "' is not a DNS label");
        }
        SendRateLimits limits;
        try {
            limits = new SendRateLimits(duration(conf.getString("rateLimits[@window]", "PT1H"), "rateLimits@window"),
                conf.getInt("rateLimits[@approved]", 500), conf.getInt("rateLimits[@pending]", 50));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(FILE + e.getMessage());
        }
        return new RoutingConfiguration(domains,
            conf.getList(String.class, "dns.server", List.of()),
            duration(conf.getString("dns[@timeout]", "PT5S"), "dns@timeout"),
            selector,
            conf.getString("dkim[@keyFolder]", "file://conf/dkim/"),
            conf.getBoolean("dkim[@generate]", false),
            classification(conf),
            limits,
            Optional.ofNullable(conf.getString("peerTrust[@certificates]")).filter(value -> !value.isBlank()),
            conf.getBoolean("peerTrust[@system]", true));
    }

    private static ClassificationMarks classification(HierarchicalConfiguration<ImmutableNode> conf) throws ConfigurationException {
        Map<String, Set<String>> headers = new LinkedHashMap<>();
        for (HierarchicalConfiguration<ImmutableNode> header : conf.configurationsAt("classification.header")) {
            String name = header.getString("[@name]");
            if (name == null || name.isBlank()) {
                throw new ConfigurationException(FILE + "classification.header needs a name");
            }
            headers.put(name.trim(), Set.copyOf(header.getList(String.class, "value", List.of())));
        }
        List<String> markers = conf.getList(String.class, "classification.subjectMarker", List.of());
        if (headers.isEmpty() && markers.isEmpty()) {
            throw new ConfigurationException(FILE + "classification names no header and no subject marker: classified mail would leave");
        }
        return new ClassificationMarks(headers, markers);
    }

    private static Duration duration(String value, String where) throws ConfigurationException {
        try {
            Duration duration = Duration.parse(value);
            if (duration.isNegative() || duration.isZero()) {
                throw new ConfigurationException(FILE + where + " must be positive, not " + value);
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new ConfigurationException(FILE + where + " '" + value + "' is not an ISO-8601 duration");
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
