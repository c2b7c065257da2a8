package org.govmail.mailets.routing;

import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/**
 * The DNS resolver of the mail authentication checks (SPF, DKIM keys, DMARC policies): the servers
 * {@code govmail-routing.xml} names, or the system's when it names none. A resolver of its own, not
 * James' DNS service, because jSPF and jDKIM take a dnsjava resolver and because tests (and sites with a
 * validating resolver for mail) point it somewhere else than the system's.
 */
public final class MailDns {
    private final Resolver resolver;

    @Inject
    public MailDns(RoutingConfiguration configuration) throws UnknownHostException {
        this.resolver = create(configuration);
    }

    public Resolver resolver() {
        return resolver;
    }

    private static Resolver create(RoutingConfiguration configuration) throws UnknownHostException {
        List<Resolver> servers = new ArrayList<>();
        for (String server : configuration.dnsServers()) {
            String host = RoutingConfiguration.portOf(server)
                .map(port -> server.substring(0, server.lastIndexOf(':')))
                .orElse(server)
                .replace("[", "").replace("]", "");
            SimpleResolver simple = new SimpleResolver(host);
            RoutingConfiguration.portOf(server).ifPresent(simple::setPort);
            servers.add(simple);
        }
        Resolver resolver = servers.isEmpty() ? new ExtendedResolver() : new ExtendedResolver(servers.toArray(Resolver[]::new));
        resolver.setTimeout(configuration.dnsTimeout());
        return resolver;
    }
}
