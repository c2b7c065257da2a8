package org.govmail.auth.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.cert.Certificates;
import org.govmail.auth.keys.GovmailKeyException.Problem;

/**
 * A GPKI/EPKI certificate and its private key as one standard PKCS#12 file, the form mail clients
 * (Thunderbird), curl and OpenSSL import. Written by the JDK's "PKCS12" key store, so it uses the JDK's
 * current default protection (PBES2 with AES-256 and HMAC-SHA256 on Java 17).
 */
public final class Pkcs12Export {
    /** The alias {@link #convert} gives the key entry. */
    public static final String DEFAULT_ALIAS = "sign";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Pkcs12Export() {
    }

    /**
     * A PKCS#12 key store holding {@code key} under {@code alias} with the chain {@code certificate},
     * then {@code chainAfterLeaf} (issuer first), the key entry and the file both protected by
     * {@code pkcs12Password}.
     *
     * @throws GovmailKeyException KEY_DOES_NOT_MATCH_CERTIFICATE, CERTIFICATE_MALFORMED when the chain's
     *     issuer and subject names do not link up, or UNSUPPORTED_ALGORITHM for a key neither RSA nor EC
     * @throws IllegalArgumentException when {@code pkcs12Password} or {@code alias} is empty: a key file
     *     without a password is not something we write
     */
    public static byte[] toPkcs12(X509Certificate certificate, List<X509Certificate> chainAfterLeaf, PrivateKey key,
                                  char[] pkcs12Password, String alias) throws GovmailKeyException {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(pkcs12Password, "pkcs12Password");
        if (pkcs12Password.length == 0) {
            throw new IllegalArgumentException("the PKCS#12 password must not be empty");
        }
        if (alias == null || alias.isBlank()) {
            throw new IllegalArgumentException("the alias must not be empty");
        }
        requireMatch(certificate, key);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        if (chainAfterLeaf != null) {
            chain.addAll(chainAfterLeaf);
        }
        requireLinked(chain);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, key, pkcs12Password, chain.toArray(new Certificate[0]));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, pkcs12Password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the JDK cannot write a PKCS#12 key store", e);
        }
    }

    /**
     * Reads a user's certificate file (DER, or PEM: the leaf first, then any issuers) and encrypted key file,
     * and writes them as one PKCS#12 file under {@link #DEFAULT_ALIAS}.
     *
     * @throws GovmailKeyException CERTIFICATE_MALFORMED, any problem of {@link KoreanPrivateKeys#decrypt},
     *     or KEY_DOES_NOT_MATCH_CERTIFICATE
     */
    public static byte[] convert(byte[] certificateDerOrPem, byte[] encryptedKey, char[] keyPassword,
                                 char[] pkcs12Password) throws GovmailKeyException {
        List<X509Certificate> certificates;
        try {
            certificates = Certificates.parseAll(certificateDerOrPem);
        } catch (GovmailAuthException e) {
            throw new GovmailKeyException(Problem.CERTIFICATE_MALFORMED, e.getMessage());
        }
        PrivateKey key = KoreanPrivateKeys.decrypt(encryptedKey, keyPassword);
        return toPkcs12(certificates.get(0), certificates.subList(1, certificates.size()), key, pkcs12Password,
            DEFAULT_ALIAS);
    }

    /**
     * Proves {@code key} belongs to {@code certificate} by signing a random challenge and verifying it with
     * the certificate's public key: this also catches a key whose private parts were damaged, which comparing
     * RSA moduli would not.
     */
    public static void requireMatch(X509Certificate certificate, PrivateKey key) throws GovmailKeyException {
        PublicKey publicKey = certificate.getPublicKey();
        String signatureAlgorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> throw new GovmailKeyException(Problem.UNSUPPORTED_ALGORITHM,
                "cannot check a " + key.getAlgorithm() + " key against a certificate");
        };
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            throw mismatch("a " + key.getAlgorithm() + " key for a certificate with a " + publicKey.getAlgorithm() + " key");
        }
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        boolean verified;
        try {
            Signature signer = Signature.getInstance(signatureAlgorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            verified = verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // Mismatched key sizes or curves, or damaged private parts the JDK's own checks refuse.
            throw mismatch("signing with the key failed (" + e.getClass().getSimpleName() + ")");
        }
        if (!verified) {
            throw mismatch("a signature made with the key does not verify with the certificate");
        }
    }

    /**
     * The JDK key store refuses a chain whose names do not link up, with an exception that says only "not
     * valid"; checking first lets us say which certificate is out of place.
     */
    private static void requireLinked(List<X509Certificate> chain) throws GovmailKeyException {
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate child = Objects.requireNonNull(chain.get(i), "chain certificate");
            X509Certificate parent = Objects.requireNonNull(chain.get(i + 1), "chain certificate");
            if (!child.getIssuerX500Principal().equals(parent.getSubjectX500Principal())) {
                throw new GovmailKeyException(Problem.CERTIFICATE_MALFORMED, "certificate chain out of order: \""
                    + child.getSubjectX500Principal() + "\" is not issued by \"" + parent.getSubjectX500Principal() + "\"");
            }
        }
    }

    private static GovmailKeyException mismatch(String why) {
        return new GovmailKeyException(Problem.KEY_DOES_NOT_MATCH_CERTIFICATE,
            "the private key does not belong to the certificate: " + why);
    }
}
