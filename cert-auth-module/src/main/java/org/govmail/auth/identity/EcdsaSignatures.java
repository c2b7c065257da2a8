package org.govmail.auth.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.util.BigIntegers;

/**
 * ES256 signatures travel as the raw 64 bytes R||S (RFC 7515 appendix A.3, RFC 7518 §3.4) while Java's
 * ECDSA speaks DER {@code SEQUENCE { INTEGER r, INTEGER s }}. Converting by hand, with the bounds checked,
 * keeps one definition of "a well-formed ES256 signature" instead of trusting each provider's leniency.
 */
final class EcdsaSignatures {
    static final int P256_FIELD_BYTES = 32;
    private static final ECParameterSpec P256 = p256();

    private EcdsaSignatures() {
    }

    static boolean isP256(ECParameterSpec params) {
        return params != null
            && params.getCurve().equals(P256.getCurve())
            && params.getGenerator().equals(P256.getGenerator())
            && params.getOrder().equals(P256.getOrder())
            && params.getCofactor() == P256.getCofactor();
    }

    /** R||S as DER; IllegalArgumentException unless exactly 64 bytes with R and S in [1, n-1]. */
    static byte[] rawToDer(byte[] raw) {
        if (raw.length != 2 * P256_FIELD_BYTES) {
            throw new IllegalArgumentException("an ES256 signature has 64 bytes, not " + raw.length);
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(raw, 0, P256_FIELD_BYTES));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(raw, P256_FIELD_BYTES, raw.length));
        if (!inRange(r) || !inRange(s)) {
            throw new IllegalArgumentException("ES256 signature value out of range");
        }
        try {
            return new DERSequence(new ASN1Encodable[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A DER ECDSA signature (what Java produces) as R||S, each left-padded to 32 bytes. */
    static byte[] derToRaw(byte[] der) {
        ASN1Sequence sequence = ASN1Sequence.getInstance(der);
        if (sequence.size() != 2) {
            throw new IllegalArgumentException("not an ECDSA signature");
        }
        BigInteger r = ASN1Integer.getInstance(sequence.getObjectAt(0)).getPositiveValue();
        BigInteger s = ASN1Integer.getInstance(sequence.getObjectAt(1)).getPositiveValue();
        byte[] raw = new byte[2 * P256_FIELD_BYTES];
        System.arraycopy(BigIntegers.asUnsignedByteArray(P256_FIELD_BYTES, r), 0, raw, 0, P256_FIELD_BYTES);
        System.arraycopy(BigIntegers.asUnsignedByteArray(P256_FIELD_BYTES, s), 0, raw, P256_FIELD_BYTES, P256_FIELD_BYTES);
        return raw;
    }

    private static boolean inRange(BigInteger value) {
        return value.signum() > 0 && value.compareTo(P256.getOrder()) < 0;
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks the P-256 curve", e);
        }
    }
}
