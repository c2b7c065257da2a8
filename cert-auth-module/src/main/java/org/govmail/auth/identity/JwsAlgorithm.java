package org.govmail.auth.identity;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Optional;

/**
 * The JWS algorithms (RFC 7518) govmail accepts from identity providers. Only public-key signatures:
 * {@code none} and the HMAC family are absent on purpose, so a header can never turn a provider's public
 * key into a shared secret (the classic algorithm confusion attack).
 */
public enum JwsAlgorithm {
    RS256 {
        @Override
        Signature signature() throws GeneralSecurityException {
            return Signature.getInstance("SHA256withRSA");
        }
    },
    PS256 {
        @Override
        Signature signature() throws GeneralSecurityException {
            Signature signature = Signature.getInstance("RSASSA-PSS");
            // RFC 7518 §3.5: SHA-256, MGF1 with SHA-256, salt as long as the hash.
            signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            return signature;
        }
    },
    ES256 {
        @Override
        Signature signature() throws GeneralSecurityException {
            return Signature.getInstance("SHA256withECDSA");
        }
    };

    /** Smallest RSA modulus a provider key may have (RFC 7518 §3.3 requires 2048). */
    public static final int MIN_RSA_BITS = 2048;

    abstract Signature signature() throws GeneralSecurityException;

    /** The algorithm a JWS header names, if govmail accepts it (names are case-sensitive). */
    public static Optional<JwsAlgorithm> named(String name) {
        return Arrays.stream(values()).filter(algorithm -> algorithm.name().equals(name)).findFirst();
    }

    /** The default algorithm for a key: ES256 for P-256 keys, RS256 for RSA keys. */
    public static JwsAlgorithm forKey(Key key) {
        if (key instanceof ECKey) {
            return ES256;
        }
        if (key instanceof RSAKey) {
            return RS256;
        }
        throw new IllegalArgumentException("not an RSA or EC key: " + key.getAlgorithm());
    }

    /** Whether {@code key} is of the kind (and size) this algorithm signs with. */
    public boolean fits(Key key) {
        return switch (this) {
            case RS256, PS256 -> key instanceof RSAKey rsa && rsa.getModulus().bitLength() >= MIN_RSA_BITS;
            case ES256 -> key instanceof ECKey ec && EcdsaSignatures.isP256(ec.getParams());
        };
    }

    /**
     * Checks a JWS signature. False for every kind of bad signature, including one of the wrong length or a
     * key of the wrong kind: callers only need to know that the provider did not sign this input.
     */
    public boolean verify(PublicKey key, byte[] signingInput, byte[] jwsSignature) {
        if (!fits(key)) {
            return false;
        }
        try {
            byte[] signature = this == ES256 ? EcdsaSignatures.rawToDer(jwsSignature) : jwsSignature;
            Signature verifier = signature();
            verifier.initVerify(key);
            verifier.update(signingInput);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // Malformed signature bytes (bad length, R or S out of range): simply not a valid signature.
            return false;
        }
    }

    /** Signs as a provider would, with the signature in its JWS form (R||S for ES256). */
    public byte[] sign(PrivateKey key, byte[] signingInput) {
        if (!fits(key)) {
            throw new IllegalArgumentException(name() + " cannot sign with a " + key.getAlgorithm() + " key");
        }
        try {
            Signature signer = signature();
            signer.initSign(key);
            signer.update(signingInput);
            byte[] signature = signer.sign();
            return this == ES256 ? EcdsaSignatures.derToRaw(signature) : signature;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(name() + " signing failed", e);
        }
    }
}
