package org.govmail.auth.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Key pairs and self-signed certificates made the way a test PKI would, with Bouncy Castle. */
final class TestCredentials {
    static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());
    /** Generated once: RSA-2048 key generation is the slowest thing these tests do. */
    static final Credential CA = create(rsaKeyPair(), "SHA256withRSA", "CN=Test CA,O=Government of Korea,C=KR");
    /** Issued by {@link #CA}, as a user's signing certificate is. */
    static final Credential RSA = issue(rsaKeyPair(), "CN=홍길동001,OU=통계청,O=Government of Korea,C=KR", CA);
    static final Credential OTHER_RSA = create(rsaKeyPair(), "SHA256withRSA", "CN=Other Person,C=KR");
    static final Credential EC = create(ecKeyPair(), "SHA256withECDSA", "CN=EC Person,C=KR");

    record Credential(KeyPair keys, X509Certificate certificate) {
    }

    private TestCredentials() {
    }

    static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Credential create(KeyPair keys, String signatureAlgorithm, String subject) {
        return new Credential(keys, selfSigned(keys, signatureAlgorithm, subject));
    }

    static Credential issue(KeyPair keys, String subject, Credential issuer) {
        return new Credential(keys, certificate(keys.getPublic(), new X500Name(subject),
            X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()), issuer.keys().getPrivate(),
            "SHA256withRSA"));
    }

    static X509Certificate selfSigned(KeyPair keys, String signatureAlgorithm, String subject) {
        X500Name name = new X500Name(subject);
        return certificate(keys.getPublic(), name, name, keys.getPrivate(), signatureAlgorithm);
    }

    private static X509Certificate certificate(PublicKey subjectKey, X500Name subject, X500Name issuer,
                                               PrivateKey issuerKey, String signatureAlgorithm) {
        try {
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(now.plus(365, ChronoUnit.DAYS)), subject, subjectKey);
            return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(signatureAlgorithm).build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot build test certificate", e);
        }
    }
}
