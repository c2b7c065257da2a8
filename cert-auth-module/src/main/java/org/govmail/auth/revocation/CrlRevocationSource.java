package org.govmail.auth.revocation;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revocation from CRLs: those configured in {@code conf/govmail-auth.xml} (matched to a certificate
 * by issuer name) and, for issuers without a configured CRL, the certificate's own distribution
 * points ({@code http://}, {@code ldap://}).
 *
 * <p>Each CRL is fetched once, its signature verified against the certificate's issuer, and kept
 * until its {@code nextUpdate}; a file CRL is also re-read as soon as the file changes. A CRL whose
 * {@code nextUpdate} has passed and cannot be refreshed is not used: the answer is then
 * {@link RevocationCheck.State#UNAVAILABLE}, never a guess.
 */
public final class CrlRevocationSource implements RevocationSource {
    private static final Logger LOGGER = LoggerFactory.getLogger(CrlRevocationSource.class);

    private final RevocationSettings settings;
    private final List<CrlFetcher> fetchers;
    private final Clock clock;
    private final Map<URI, CachedCrl> cache = new ConcurrentHashMap<>();

    public CrlRevocationSource(RevocationSettings settings, List<CrlFetcher> fetchers, Clock clock) {
        this.settings = settings;
        this.fetchers = List.copyOf(fetchers);
        this.clock = clock;
    }

    @Override
    public RevocationCheck check(X509Certificate certificate, X509Certificate issuer) {
        List<String> failures = new ArrayList<>();
        for (URI configured : settings.configuredCrls()) {
            Optional<X509CRL> crl = current(configured, issuer);
            if (crl.isEmpty()) {
                // Whose CRL an unreadable file is cannot be known; say so if nothing else answers.
                failures.add(configured + ": " + cache.get(configured).lastError());
            } else if (crl.get().getIssuerX500Principal().equals(certificate.getIssuerX500Principal())) {
                return answer(crl.get(), certificate, configured);
            }
        }
        List<URI> points = settings.useDistributionPoints() ? distributionPoints(certificate) : List.of();
        for (URI location : points) {
            Optional<X509CRL> crl = current(location, issuer);
            if (crl.isPresent()) {
                return answer(crl.get(), certificate, location);
            }
            failures.add(location + ": " + cache.get(location).lastError());
        }
        String why = points.isEmpty()
            ? "no CRL configured or published for " + certificate.getIssuerX500Principal().getName()
                + (failures.isEmpty() ? "" : " (" + String.join("; ", failures) + ")")
            : String.join("; ", failures);
        return settings.requireRevocationInfo()
            ? RevocationCheck.unavailable(why)
            : RevocationCheck.good("no current CRL, revocation not required by configuration: " + why);
    }

    private static RevocationCheck answer(X509CRL crl, X509Certificate certificate, URI location) {
        X509CRLEntry entry = crl.getRevokedCertificate(certificate);
        return entry == null
            ? RevocationCheck.good("CRL " + location)
            : RevocationCheck.revoked("CRL " + location, entry.getRevocationDate().toInstant());
    }

    private Optional<X509CRL> current(URI location, X509Certificate issuer) {
        return cache.computeIfAbsent(location, CachedCrl::new).current(issuer);
    }

    public static List<URI> distributionPoints(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.cRLDistributionPoints.getId());
        if (extension == null) {
            return List.of();
        }
        List<URI> uris = new ArrayList<>();
        try {
            CRLDistPoint points = CRLDistPoint.getInstance(ASN1OctetString.getInstance(extension).getOctets());
            for (DistributionPoint point : points.getDistributionPoints()) {
                DistributionPointName name = point.getDistributionPoint();
                if (name == null || name.getType() != DistributionPointName.FULL_NAME) {
                    continue;
                }
                for (GeneralName general : GeneralNames.getInstance(name.getName()).getNames()) {
                    if (general.getTagNo() == GeneralName.uniformResourceIdentifier) {
                        String uri = general.getName().toString();
                        try {
                            URI parsed = URI.create(uri.replace(" ", "%20"));
                            if ("http".equalsIgnoreCase(parsed.getScheme()) || "ldap".equalsIgnoreCase(parsed.getScheme())) {
                                uris.add(parsed);
                            }
                        } catch (IllegalArgumentException e) {
                            LOGGER.warn("Ignoring unreadable CRL distribution point {}", uri);
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            LOGGER.warn("Unreadable CRL distribution points in {}", certificate.getSubjectX500Principal(), e);
        }
        return uris;
    }

    /** One CRL location: the last good CRL, when to look again, and the last error for the log. */
    private final class CachedCrl {
        private final URI location;
        private X509CRL crl;
        private boolean verified;
        private long version = Long.MIN_VALUE;
        private Instant nextAttempt = Instant.MIN;
        private String lastError = "not fetched yet";

        CachedCrl(URI location) {
            this.location = location;
        }

        synchronized Optional<X509CRL> current(X509Certificate issuer) {
            Instant now = clock.instant();
            CrlFetcher fetcher = fetchers.stream().filter(f -> f.handles(location)).findFirst().orElse(null);
            if (fetcher == null) {
                lastError = "no fetcher for " + location.getScheme();
                return Optional.empty();
            }
            long currentVersion = fetcher.version(location);
            boolean changed = currentVersion != -1 && currentVersion != version;
            boolean stale = crl == null || !fresh(crl, now);
            if ((changed || stale) && (changed || !now.isBefore(nextAttempt))) {
                reload(fetcher, issuer, now, currentVersion);
            }
            if (crl == null || !fresh(crl, now)) {
                return Optional.empty();
            }
            if (crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()) && !verified) {
                try {
                    crl.verify(issuer.getPublicKey());
                    verified = true;
                } catch (Exception e) {
                    lastError = "CRL signature does not verify with the issuer's key: " + e.getMessage();
                    LOGGER.warn("CRL from {} refused: {}", location, lastError);
                    crl = null;
                    return Optional.empty();
                }
            }
            return Optional.of(crl);
        }

        private void reload(CrlFetcher fetcher, X509Certificate issuer, Instant now, long currentVersion) {
            // Only a failure delays the next attempt: a CRL that expires soon after a good fetch must
            // be refreshed at its nextUpdate, not retryAfterFailure later.
            nextAttempt = Instant.MIN;
            try {
                X509CRL loaded = (X509CRL) CertificateFactory.getInstance("X.509")
                    .generateCRL(new ByteArrayInputStream(fetcher.fetch(location)));
                if (crl != null && verified && loaded.getIssuerX500Principal().equals(crl.getIssuerX500Principal())
                        && loaded.getThisUpdate().before(crl.getThisUpdate())) {
                    lastError = "refused an older CRL than the one in use";
                    nextAttempt = now.plus(settings.retryAfterFailure());
                    version = currentVersion;
                    return;
                }
                // Verified against the issuer the first time it is used for one of its certificates.
                crl = loaded;
                verified = false;
                version = currentVersion;
                LOGGER.info("CRL loaded from {}: {} revoked, next update {}", location,
                    loaded.getRevokedCertificates() == null ? 0 : loaded.getRevokedCertificates().size(),
                    loaded.getNextUpdate());
            } catch (Exception e) {
                nextAttempt = now.plus(settings.retryAfterFailure());
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOGGER.warn("CRL from {} unavailable: {}", location, lastError);
            }
        }

        private boolean fresh(X509CRL candidate, Instant now) {
            Instant next = candidate.getNextUpdate() == null
                ? candidate.getThisUpdate().toInstant().plus(settings.maxAgeWithoutNextUpdate())
                : candidate.getNextUpdate().toInstant();
            return now.isBefore(next);
        }

        synchronized String lastError() {
            return lastError;
        }
    }

    /** How CRLs are found and trusted. */
    public record RevocationSettings(List<URI> configuredCrls, boolean useDistributionPoints,
                                     boolean requireRevocationInfo, Duration fetchTimeout,
                                     Duration retryAfterFailure, Duration maxAgeWithoutNextUpdate) {
        public RevocationSettings {
            configuredCrls = List.copyOf(configuredCrls);
        }
    }
}
