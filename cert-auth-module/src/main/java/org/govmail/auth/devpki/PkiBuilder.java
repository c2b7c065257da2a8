package org.govmail.auth.devpki;

import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds certificate authorities, end-entity certificates and CRLs shaped like Korea's GPKI, EPKI and
 * NPKI — for the development PKI ({@code scripts/govmail-pki}) and for tests. Nothing here is used
 * to decide whether a certificate is acceptable.
 */
public final class PkiBuilder {
    private static final SecureRandom RANDOM = new SecureRandom();

    private PkiBuilder() {
    }

    /** A CA: its certificate and signing key. */
    public record Authority(X509Certificate certificate, PrivateKey key) {
        public X500Principal subject() {
            return certificate.getSubjectX500Principal();
        }
    }

    /** An issued end-entity certificate with its key. */
    public record Issued(X509Certificate certificate, PrivateKey key) {
    }

    /**
     * What an end-entity certificate should look like; {@link #user} gives a valid signing certificate.
     * {@code ocspResponders} go into Authority Information Access (id-ad-ocsp); {@code extendedKeyUsages}
     * (OIDs) into an extended key usage extension, e.g. id-kp-OCSPSigning for a delegated OCSP responder.
     */
    public record UserSpec(String subject, List<String> policies, Instant notBefore, Instant notAfter,
                           int keyUsage, List<URI> crlDistributionPoints, List<URI> ocspResponders,
                           List<String> extendedKeyUsages) {
        /** The shape from before AIA and extended key usage existed: neither extension. */
        public UserSpec(String subject, List<String> policies, Instant notBefore, Instant notAfter,
                        int keyUsage, List<URI> crlDistributionPoints) {
            this(subject, policies, notBefore, notAfter, keyUsage, crlDistributionPoints, List.of(), List.of());
        }

        public static UserSpec user(String subject, String policy) {
            Instant now = Instant.now();
            return new UserSpec(subject, List.of(policy), now.minusSeconds(3600), now.plusSeconds(365L * 86400),
                KeyUsage.digitalSignature | KeyUsage.nonRepudiation, List.of());
        }

        public UserSpec validity(Instant from, Instant to) {
            return new UserSpec(subject, policies, from, to, keyUsage, crlDistributionPoints, ocspResponders,
                extendedKeyUsages);
        }

        public UserSpec keyUsage(int bits) {
            return new UserSpec(subject, policies, notBefore, notAfter, bits, crlDistributionPoints, ocspResponders,
                extendedKeyUsages);
        }

        public UserSpec policies(List<String> oids) {
            return new UserSpec(subject, oids, notBefore, notAfter, keyUsage, crlDistributionPoints, ocspResponders,
                extendedKeyUsages);
        }

        public UserSpec distributionPoint(URI uri) {
            return new UserSpec(subject, policies, notBefore, notAfter, keyUsage, plus(crlDistributionPoints, uri),
                ocspResponders, extendedKeyUsages);
        }

        public UserSpec ocspResponder(URI uri) {
            return new UserSpec(subject, policies, notBefore, notAfter, keyUsage, crlDistributionPoints,
                plus(ocspResponders, uri), extendedKeyUsages);
        }

        public UserSpec extendedKeyUsage(String oid) {
            return new UserSpec(subject, policies, notBefore, notAfter, keyUsage, crlDistributionPoints, ocspResponders,
                plus(extendedKeyUsages, oid));
        }

        private static <T> List<T> plus(List<T> list, T element) {
            List<T> longer = new ArrayList<>(list);
            longer.add(element);
            return longer;
        }
    }

    public static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Authority root(String subject, Instant from, Instant to) {
        KeyPair keys = rsaKeyPair();
        X509Certificate certificate = build(subject, subject, keys, keys.getPrivate(), from, to, true,
            KeyUsage.keyCertSign | KeyUsage.cRLSign, List.of(), List.of(), List.of(), List.of(), null);
        return new Authority(certificate, keys.getPrivate());
    }

    public static Authority intermediate(Authority parent, String subject, Instant from, Instant to) {
        KeyPair keys = rsaKeyPair();
        X509Certificate certificate = build(subject, parent.subject().getName(), keys, parent.key(), from, to, true,
            KeyUsage.keyCertSign | KeyUsage.cRLSign, List.of(), List.of(), List.of(), List.of(), parent.certificate());
        return new Authority(certificate, keys.getPrivate());
    }

    public static Issued issue(Authority ca, UserSpec spec) {
        KeyPair keys = rsaKeyPair();
        X509Certificate certificate = build(spec.subject(), ca.subject().getName(), keys, ca.key(), spec.notBefore(),
            spec.notAfter(), false, spec.keyUsage(), spec.policies(),
            spec.crlDistributionPoints(), spec.ocspResponders(), spec.extendedKeyUsages(), ca.certificate());
        return new Issued(certificate, keys.getPrivate());
    }

    /** A self-signed end-entity certificate: a user's own "certificate" no authority vouches for. */
    public static Issued selfSigned(UserSpec spec) {
        KeyPair keys = rsaKeyPair();
        X509Certificate certificate = build(spec.subject(), spec.subject(), keys, keys.getPrivate(), spec.notBefore(),
            spec.notAfter(), false, spec.keyUsage(), spec.policies(),
            spec.crlDistributionPoints(), spec.ocspResponders(), spec.extendedKeyUsages(), null);
        return new Issued(certificate, keys.getPrivate());
    }

    /** A CRL of {@code ca} revoking the given serial numbers (with their revocation times). */
    public static X509CRL crl(Authority ca, Map<BigInteger, Instant> revoked, Instant thisUpdate, Instant nextUpdate) {
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(x500(ca.subject().getName()), Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            revoked.forEach((serial, when) -> builder.addCRLEntry(serial, Date.from(when), CRLReason.keyCompromise));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.certificate()));
            return new JcaX509CRLConverter().getCRL(builder.build(signer(ca.key())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot build CRL", e);
        }
    }

    private static X509Certificate build(String subject, String issuer, KeyPair keys, PrivateKey signingKey,
                                         Instant from, Instant to, boolean ca, int keyUsage, List<String> policies,
                                         List<URI> distributionPoints, List<URI> ocspResponders,
                                         List<String> extendedKeyUsages, X509Certificate issuerCertificate) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(x500(issuer),
                new BigInteger(64, RANDOM).setBit(63), Date.from(from), Date.from(to), x500(subject), keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            if (issuerCertificate != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(issuerCertificate));
            }
            if (!policies.isEmpty()) {
                PolicyInformation[] information = policies.stream()
                    .map(oid -> new PolicyInformation(new ASN1ObjectIdentifier(oid)))
                    .toArray(PolicyInformation[]::new);
                builder.addExtension(Extension.certificatePolicies, false, new CertificatePolicies(information));
            }
            if (!distributionPoints.isEmpty()) {
                DistributionPoint[] points = distributionPoints.stream()
                    .map(uri -> new DistributionPoint(new DistributionPointName(new GeneralNames(
                        new GeneralName(GeneralName.uniformResourceIdentifier, uri.toString()))), null, null))
                    .toArray(DistributionPoint[]::new);
                builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(points));
            }
            if (!ocspResponders.isEmpty()) {
                AccessDescription[] responders = ocspResponders.stream()
                    .map(uri -> new AccessDescription(AccessDescription.id_ad_ocsp,
                        new GeneralName(GeneralName.uniformResourceIdentifier, uri.toString())))
                    .toArray(AccessDescription[]::new);
                builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(responders));
            }
            if (!extendedKeyUsages.isEmpty()) {
                KeyPurposeId[] purposes = extendedKeyUsages.stream()
                    .map(oid -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(oid)))
                    .toArray(KeyPurposeId[]::new);
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer(signingKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot build certificate " + subject, e);
        }
    }

    private static ContentSigner signer(PrivateKey key) throws Exception {
        return new JcaContentSignerBuilder("SHA256withRSA").build(key);
    }

    /** An RFC 2253 name ("CN=..., OU=..., C=KR") in DER order, non-ASCII values as UTF8String. */
    static X500Name x500(String rfc2253) {
        return X500Name.getInstance(new X500Principal(rfc2253).getEncoded());
    }
}
