package org.govmail.auth.revocation;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.govmail.auth.revocation.OcspResponseVerifier.Refused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revocation from the issuer's OCSP responder (RFC 6960): the one configured as an override, else
 * the {@code http://} id-ad-ocsp locations of the certificate's Authority Information Access.
 *
 * <p>The request names the certificate by a SHA-1 {@link CertificateID} (RFC 5019 has clients use SHA-1,
 * so every responder understands it) and carries a fresh nonce unless configured otherwise. A response counts
 * only when {@link OcspResponseVerifier} believes it; "unknown", a refused response, an HTTP error or
 * no answer within the timeout are all {@link RevocationCheck.State#UNAVAILABLE}, never a guess.
 *
 * <p>Good and revoked answers are kept per (issuer, serial) until the response's {@code nextUpdate},
 * or {@code maxAgeWithoutNextUpdate} when it has none; unavailable answers are not kept, so the next
 * login asks again.
 */
public final class OcspRevocationSource implements RevocationSource {
    private static final Logger LOGGER = LoggerFactory.getLogger(OcspRevocationSource.class);
    private static final int NONCE_LENGTH = 16;
    /** Past this many entries, expired ones are dropped, so certificates seen once do not pile up. */
    private static final int CACHE_SWEEP_SIZE = 10_000;

    private final OcspSettings settings;
    private final Clock clock;
    private final OcspHttpClient http;
    private final OcspResponseVerifier verifier;
    private final DigestCalculatorProvider digests;
    private final SecureRandom random = new SecureRandom();
    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();

    public OcspRevocationSource(OcspSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = new OcspHttpClient(settings.timeout());
        this.verifier = new OcspResponseVerifier(settings.requireNonce(), settings.maxAgeWithoutNextUpdate());
        try {
            this.digests = new JcaDigestCalculatorProviderBuilder().build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no digest provider for OCSP", e);
        }
    }

    @Override
    public RevocationCheck check(X509Certificate certificate, X509Certificate issuer) {
        if (!settings.enabled()) {
            return RevocationCheck.unavailable("OCSP disabled by configuration");
        }
        CertificateID id;
        try {
            id = new CertificateID(digests.get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(issuer), certificate.getSerialNumber());
        } catch (OperatorCreationException | OCSPException | CertificateEncodingException e) {
            return RevocationCheck.unavailable("cannot build an OCSP request: " + e.getMessage());
        }
        Key key = Key.of(id);
        Cached cached = cache.get(key);
        if (cached != null && clock.instant().isBefore(cached.until())) {
            return cached.check();
        }
        List<URI> responders = settings.responder().map(List::of).orElseGet(() -> ocspResponders(certificate));
        if (responders.isEmpty()) {
            return RevocationCheck.unavailable("no OCSP responder configured or named in the certificate");
        }
        List<String> failures = new ArrayList<>();
        for (URI responder : responders) {
            try {
                return ask(responder, id, issuer, key);
            } catch (IOException | Refused e) {
                String failure = "OCSP " + responder + ": " + e.getMessage();
                LOGGER.warn("No usable OCSP answer for serial {} of {}: {}", certificate.getSerialNumber().toString(16),
                    issuer.getSubjectX500Principal().getName(), failure);
                failures.add(failure);
            }
        }
        return RevocationCheck.unavailable(String.join("; ", failures));
    }

    private RevocationCheck ask(URI responder, CertificateID id, X509Certificate issuer, Key key)
            throws IOException, Refused {
        byte[] nonce = settings.sendNonce() ? nonce() : null;
        byte[] response = http.post(responder, request(id, nonce));
        // Judged at arrival: the round trip may have taken most of the timeout.
        Instant now = clock.instant();
        SingleResp single = verifier.verify(response, id, issuer, nonce, now);
        CertificateStatus status = single.getCertStatus();
        RevocationCheck check;
        if (status == CertificateStatus.GOOD) {
            check = RevocationCheck.good("OCSP " + responder);
        } else if (status instanceof RevokedStatus revoked) {
            check = RevocationCheck.revoked("OCSP " + responder, revoked.getRevocationTime().toInstant());
        } else {
            throw new Refused("responder does not know this certificate (status unknown)");
        }
        remember(key, new Cached(check, verifier.currentUntil(single, now)), now);
        return check;
    }

    private void remember(Key key, Cached answer, Instant now) {
        if (cache.size() >= CACHE_SWEEP_SIZE) {
            cache.values().removeIf(entry -> !now.isBefore(entry.until()));
        }
        cache.put(key, answer);
    }

    private byte[] nonce() {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        return nonce;
    }

    private static byte[] request(CertificateID id, byte[] nonce) throws IOException {
        OCSPReqBuilder builder = new OCSPReqBuilder().addRequest(id);
        if (nonce != null) {
            builder.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                new DEROctetString(nonce).getEncoded())));
        }
        try {
            return builder.build().getEncoded();
        } catch (OCSPException e) {
            throw new IOException("cannot build an OCSP request: " + e.getMessage(), e);
        }
    }

    /** The {@code http://} OCSP responders named in the certificate's Authority Information Access. */
    public static List<URI> ocspResponders(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.authorityInfoAccess.getId());
        if (extension == null) {
            return List.of();
        }
        List<URI> uris = new ArrayList<>();
        try {
            AuthorityInformationAccess access = AuthorityInformationAccess.getInstance(
                ASN1OctetString.getInstance(extension).getOctets());
            for (AccessDescription description : access.getAccessDescriptions()) {
                GeneralName location = description.getAccessLocation();
                if (!AccessDescription.id_ad_ocsp.equals(description.getAccessMethod())
                        || location.getTagNo() != GeneralName.uniformResourceIdentifier) {
                    continue;
                }
                String uri = location.getName().toString();
                try {
                    URI parsed = URI.create(uri.replace(" ", "%20"));
                    // Responses are signed, so plain http is the norm; https would add a TLS trust decision
                    // (with its own revocation question) to every login.
                    if ("http".equalsIgnoreCase(parsed.getScheme()) && parsed.getHost() != null) {
                        uris.add(parsed);
                    }
                } catch (IllegalArgumentException e) {
                    LOGGER.warn("Ignoring unreadable OCSP responder {}", uri);
                }
            }
        } catch (RuntimeException e) {
            LOGGER.warn("Unreadable Authority Information Access in {}", certificate.getSubjectX500Principal(), e);
        }
        return uris;
    }

    /** (issuer, serial) as the CertificateID says it: SHA-1 of the issuer's name and key, and the serial. */
    private record Key(String issuer, BigInteger serial) {
        static Key of(CertificateID id) {
            HexFormat hex = HexFormat.of();
            return new Key(hex.formatHex(id.getIssuerNameHash()) + ":" + hex.formatHex(id.getIssuerKeyHash()),
                id.getSerialNumber());
        }
    }

    private record Cached(RevocationCheck check, Instant until) {
    }

    /**
     * How OCSP is used. {@code responder} replaces the certificates' own responders (e.g. a local relay);
     * {@code sendNonce} puts a nonce in each request; {@code requireNonce} refuses responses that do not
     * echo it, which pre-produced responses never do.
     */
    public record OcspSettings(boolean enabled, Optional<URI> responder, Duration timeout, boolean sendNonce,
                               boolean requireNonce, Duration maxAgeWithoutNextUpdate) {
        public static final OcspSettings DISABLED =
            new OcspSettings(false, Optional.empty(), Duration.ofSeconds(5), true, false, Duration.ofMinutes(5));

        public OcspSettings {
            Objects.requireNonNull(responder, "responder");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("OCSP timeout must be positive");
            }
            if (maxAgeWithoutNextUpdate.isNegative() || maxAgeWithoutNextUpdate.isZero()) {
                throw new IllegalArgumentException("OCSP maxAgeWithoutNextUpdate must be positive");
            }
            if (requireNonce && !sendNonce) {
                throw new IllegalArgumentException("OCSP requireNonce needs sendNonce");
            }
            responder.ifPresent(uri -> {
                if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                        || uri.getHost() == null) {
                    throw new IllegalArgumentException("OCSP responder must be an http(s) URL: " + uri);
                }
            });
        }
    }
}
