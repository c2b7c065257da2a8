package org.govmail.auth.cert;

import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.revocation.RevocationCheck;
import org.govmail.auth.revocation.RevocationSource;

/**
 * Decides whether a certificate is an acceptable GPKI/EPKI signing certificate, and whose name it
 * carries. Every refusal is a {@link GovmailAuthException} with its own {@link Reason}; no input,
 * however malformed, ends in anything else.
 *
 * <p>Checks, in this order: readable (DER/PEM) → not NPKI → not self-signed → within its validity →
 * chains to a configured anchor → digitalSignature key usage → a policy the scheme accepts → a
 * readable holder name → not revoked. Everything but validity and revocation depends only on the
 * certificate and the configuration, so it is remembered per fingerprint; validity and revocation
 * are evaluated on every call (the CRL cache keeps each CRL no longer than its nextUpdate).
 */
public final class CertificateValidator {
    private static final int MAX_CHAIN = 6;

    private final PkiSettings settings;
    private final RevocationSource revocation;
    private final Clock clock;
    private final ConcurrentHashMap<String, Chained> chains = new ConcurrentHashMap<>();

    public CertificateValidator(PkiSettings settings, RevocationSource revocation, Clock clock) {
        this.settings = settings;
        this.revocation = revocation;
        this.clock = clock;
    }

    /** A certificate as a user uploads it (DER {@code .cer} or PEM). */
    public ValidatedCertificate validate(byte[] encoded) throws GovmailAuthException {
        return validate(List.of(Certificates.parse(encoded)));
    }

    /** A TLS peer chain: the client's certificate first, then whatever CA certificates it sent. */
    public ValidatedCertificate validate(List<X509Certificate> presented) throws GovmailAuthException {
        if (presented == null || presented.isEmpty()) {
            throw new GovmailAuthException(Reason.CLIENT_CERT_MISSING);
        }
        X509Certificate leaf = presented.get(0);
        Instant now = clock.instant();
        String fingerprint = Certificates.fingerprint(leaf);

        Chained chained = chains.get(fingerprint);
        if (chained == null) {
            checkNotNpki(leaf);
            checkNotSelfSigned(leaf);
            checkValidity(leaf, now);
            chained = chain(leaf, presented.subList(1, presented.size()), now);
            checkKeyUsage(leaf);
            checkPolicy(leaf, chained.scheme());
            chained = new Chained(chained.scheme(), chained.issuer(), holderName(leaf, chained.scheme()));
            if (chains.size() > 100_000) {
                chains.clear();
            }
            chains.put(fingerprint, chained);
        } else {
            checkValidity(leaf, now);
        }
        checkRevocation(leaf, chained.issuer());
        return new ValidatedCertificate(leaf, chained.issuer(), chained.scheme().name(), chained.holderName(), fingerprint, now);
    }

    /** Validation plus the exact name match registration and login both require. */
    public ValidatedCertificate validateFor(List<X509Certificate> presented, String accountName) throws GovmailAuthException {
        ValidatedCertificate validated = validate(presented);
        requireName(validated, accountName);
        return validated;
    }

    public static void requireName(ValidatedCertificate validated, String accountName) throws GovmailAuthException {
        if (!NameRule.sameName(validated.holderName(), accountName)) {
            throw new GovmailAuthException(Reason.CERT_NAME_MISMATCH,
                "certificate name '" + validated.holderName() + "' differs from account name '" + accountName + "'");
        }
    }

    private void checkNotNpki(X509Certificate leaf) throws GovmailAuthException {
        for (String oid : policies(leaf)) {
            if (settings.isNpkiPolicy(oid)) {
                throw new GovmailAuthException(Reason.CERT_NPKI_NOT_ACCEPTED, "NPKI certificate policy " + oid);
            }
        }
    }

    private static void checkNotSelfSigned(X509Certificate leaf) throws GovmailAuthException {
        if (leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal()) && signedBy(leaf, leaf)) {
            throw new GovmailAuthException(Reason.CERT_SELF_SIGNED, "self-signed: " + leaf.getSubjectX500Principal().getName());
        }
    }

    private static void checkValidity(X509Certificate leaf, Instant now) throws GovmailAuthException {
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            throw new GovmailAuthException(Reason.CERT_EXPIRED, "expired on " + leaf.getNotAfter().toInstant());
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            throw new GovmailAuthException(Reason.CERT_NOT_YET_VALID, "valid from " + leaf.getNotBefore().toInstant());
        }
    }

    /** Finds the scheme whose anchor the leaf chains to, then lets the JDK's PKIX validator check the path. */
    private Chained chain(X509Certificate leaf, List<X509Certificate> sent, Instant now) throws GovmailAuthException {
        for (PkiScheme scheme : settings.schemes()) {
            Optional<List<X509Certificate>> path = buildPath(leaf, scheme, sent);
            if (path.isEmpty()) {
                continue;
            }
            List<X509Certificate> certificates = path.get();
            X509Certificate anchor = certificates.remove(certificates.size() - 1);
            try {
                CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(certificates);
                PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
                parameters.setRevocationEnabled(false);
                parameters.setDate(Date.from(now));
                CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
            } catch (CertPathValidatorException e) {
                throw new GovmailAuthException(Reason.CERT_CHAIN_INVALID, "PKIX: " + e.getMessage()
                    + (e.getIndex() >= 0 ? " (certificate " + e.getIndex() + " of the path)" : ""));
            } catch (Exception e) {
                throw new GovmailAuthException(Reason.CERT_CHAIN_INVALID, "PKIX: " + e.getClass().getSimpleName());
            }
            X509Certificate issuer = certificates.size() > 1 ? certificates.get(1) : anchor;
            return new Chained(scheme, issuer, null);
        }
        throw new GovmailAuthException(Reason.CERT_UNKNOWN_ISSUER,
            "no accepted authority for issuer " + leaf.getIssuerX500Principal().getName());
    }

    /** leaf, intermediates..., anchor — each signed by the next; empty if the scheme's anchors are not reached. */
    private static Optional<List<X509Certificate>> buildPath(X509Certificate leaf, PkiScheme scheme, List<X509Certificate> sent) {
        List<X509Certificate> candidates = new ArrayList<>(scheme.intermediates());
        for (X509Certificate certificate : sent) {
            if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                candidates.add(certificate); // never take a root from the client
            }
        }
        List<X509Certificate> path = new ArrayList<>();
        path.add(leaf);
        X509Certificate current = leaf;
        for (int depth = 0; depth < MAX_CHAIN; depth++) {
            for (X509Certificate anchor : scheme.trustAnchors()) {
                if (issuedBy(current, anchor)) {
                    path.add(anchor);
                    return Optional.of(path);
                }
            }
            X509Certificate next = null;
            for (X509Certificate candidate : candidates) {
                if (!path.contains(candidate) && issuedBy(current, candidate)) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                return Optional.empty();
            }
            path.add(next);
            current = next;
        }
        return Optional.empty();
    }

    private static boolean issuedBy(X509Certificate certificate, X509Certificate issuer) {
        return certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal()) && signedBy(certificate, issuer);
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static void checkKeyUsage(X509Certificate leaf) throws GovmailAuthException {
        boolean[] usage = leaf.getKeyUsage();
        if (usage == null || usage.length == 0 || !usage[0]) {
            throw new GovmailAuthException(Reason.CERT_KEY_USAGE, "keyUsage digitalSignature missing");
        }
    }

    private static void checkPolicy(X509Certificate leaf, PkiScheme scheme) throws GovmailAuthException {
        List<String> policies = policies(leaf);
        if (policies.stream().noneMatch(scheme::allowsPolicy)) {
            throw new GovmailAuthException(Reason.CERT_POLICY_NOT_ALLOWED,
                "policies " + policies + " not accepted for " + scheme.name());
        }
    }

    private static String holderName(X509Certificate leaf, PkiScheme scheme) throws GovmailAuthException {
        return scheme.nameRule().holderName(leaf.getSubjectX500Principal())
            .orElseThrow(() -> new GovmailAuthException(Reason.CERT_NAME_UNREADABLE,
                "subject " + leaf.getSubjectX500Principal().getName() + " does not fit the " + scheme.name() + " name rule"));
    }

    private void checkRevocation(X509Certificate leaf, X509Certificate issuer) throws GovmailAuthException {
        RevocationCheck check = revocation.check(leaf, issuer);
        switch (check.state()) {
            case GOOD -> {
            }
            case REVOKED -> throw new GovmailAuthException(Reason.CERT_REVOKED,
                "revoked on " + check.revokedAt().map(Instant::toString).orElse("?") + " (" + check.detail() + ")");
            case UNAVAILABLE -> throw new GovmailAuthException(Reason.CERT_REVOCATION_UNAVAILABLE, check.detail());
        }
    }

    static List<String> policies(X509Certificate certificate) throws GovmailAuthException {
        byte[] extension = certificate.getExtensionValue(Extension.certificatePolicies.getId());
        if (extension == null) {
            return List.of();
        }
        try {
            CertificatePolicies policies = CertificatePolicies.getInstance(ASN1OctetString.getInstance(extension).getOctets());
            return java.util.Arrays.stream(policies.getPolicyInformation())
                .map(PolicyInformation::getPolicyIdentifier)
                .map(Object::toString)
                .collect(Collectors.toList());
        } catch (RuntimeException e) {
            throw new GovmailAuthException(Reason.CERT_MALFORMED, "unreadable certificatePolicies extension");
        }
    }

    private record Chained(PkiScheme scheme, X509Certificate issuer, String holderName) {
    }
}
