package org.govmail.auth.keys;

import java.util.function.Supplier;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/** Password-based key derivations of PKCS#5 (RFC 8018), on password bytes rather than chars. */
final class Pbkdf {
    private Pbkdf() {
    }

    /**
     * PBKDF1 with SHA-1 and its whole 20-byte output: T1 = SHA1(P || S), Ti = SHA1(Ti-1), DK = Tc. KISA's
     * SEED schemes slice key and IV out of this themselves, so the usual dkLen cut is left to the caller.
     */
    static byte[] pbkdf1Sha1(byte[] password, byte[] salt, int iterations) {
        Digest sha1 = new SHA1Digest();
        byte[] block = new byte[sha1.getDigestSize()];
        sha1.update(password, 0, password.length);
        sha1.update(salt, 0, salt.length);
        sha1.doFinal(block, 0);
        for (int i = 1; i < iterations; i++) {
            sha1.update(block, 0, block.length);
            sha1.doFinal(block, 0);
        }
        return block;
    }

    /** The PBKDF2 pseudo-random functions PBES2 files name; HMAC-SHA1 is the default when none is named. */
    enum Prf {
        HMAC_SHA1(PKCSObjectIdentifiers.id_hmacWithSHA1, SHA1Digest::new),
        HMAC_SHA224(PKCSObjectIdentifiers.id_hmacWithSHA224, SHA224Digest::new),
        HMAC_SHA256(PKCSObjectIdentifiers.id_hmacWithSHA256, SHA256Digest::new),
        HMAC_SHA384(PKCSObjectIdentifiers.id_hmacWithSHA384, SHA384Digest::new),
        HMAC_SHA512(PKCSObjectIdentifiers.id_hmacWithSHA512, SHA512Digest::new);

        private final ASN1ObjectIdentifier oid;
        private final Supplier<Digest> digest;

        Prf(ASN1ObjectIdentifier oid, Supplier<Digest> digest) {
            this.oid = oid;
            this.digest = digest;
        }

        ASN1ObjectIdentifier oid() {
            return oid;
        }

        static Prf forOid(ASN1ObjectIdentifier oid) {
            for (Prf prf : values()) {
                if (prf.oid.equals(oid)) {
                    return prf;
                }
            }
            return null;
        }

        byte[] pbkdf2(byte[] password, byte[] salt, int iterations, int length) {
            PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(digest.get());
            generator.init(password, salt, iterations);
            return ((KeyParameter) generator.generateDerivedParameters(length * 8)).getKey();
        }
    }
}
