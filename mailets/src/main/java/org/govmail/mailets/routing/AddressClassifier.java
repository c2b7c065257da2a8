package org.govmail.mailets.routing;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;

/**
 * Classifies an address as local (a domain in James' domain list), inter-ministry (a configured
 * government domain this server does not host) or outside. Local wins: a government domain this server
 * hosts is delivered here. The one place that decides it; every matcher asks this.
 */
public final class AddressClassifier {
    private final DomainList localDomains;
    private final GovernmentDomains governmentDomains;

    @Inject
    public AddressClassifier(DomainList localDomains, RoutingConfiguration configuration) {
        this(localDomains, configuration.governmentDomains());
    }

    public AddressClassifier(DomainList localDomains, GovernmentDomains governmentDomains) {
        this.localDomains = localDomains;
        this.governmentDomains = governmentDomains;
    }

    public AddressClass classify(MailAddress address) {
        return classify(address.getDomain());
    }

    public AddressClass classify(Domain domain) {
        try {
            if (localDomains.containsDomain(domain)) {
                return AddressClass.LOCAL;
            }
        } catch (DomainListException e) {
            // Unknown is not "outside": refusing to guess keeps classified mail from leaving on a storage error.
            throw new IllegalStateException("domain list unavailable while classifying " + domain.asString(), e);
        }
        return governmentDomains.contains(domain.asString()) ? AddressClass.INTER_MINISTRY : AddressClass.OUTSIDE;
    }

    /** The class of a domain written in a header (a From address), when it parses. */
    public Optional<AddressClass> classifyDomain(String domain) {
        try {
            return Optional.of(classify(Domain.of(domain)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
