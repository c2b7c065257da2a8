package org.govmail.auth.keys;

/**
 * How a PKCS#8 {@code EncryptedPrivateKeyInfo} is encrypted, as found in Korean GPKI/EPKI/NPKI key files
 * ({@code signPri.key}, {@code *_sig.key}). Passwords are always the UTF-8 bytes of the password.
 */
public enum EncryptedKeyScheme {
    /**
     * KISA {@code seedCBCWithSHA1} (1.2.410.200004.1.15), the usual scheme of older files. Parameters
     * {@code SEQUENCE { salt OCTET STRING, iterationCount INTEGER }}; DK = PBKDF1-SHA1(password, salt,
     * iterations), 20 bytes; SEED key = DK[0..16); IV = the first 16 bytes of SHA1(DK[16..20)).
     */
    SEED_CBC_WITH_SHA1(Oids.SEED_CBC_WITH_SHA1, Oids.SEED_CBC, CbcCipher.SEED, 16),
    /**
     * {@code seedCBC} (1.2.410.200004.1.4) used directly as a password-based scheme, seen in some older
     * files. Parameters as for {@link #SEED_CBC_WITH_SHA1}; key = the first 16 bytes of PBKDF1-SHA1 and
     * IV = the ASCII bytes {@code "0123456789012345"}. That IV is the convention of known open-source
     * readers, not of a published specification, and is the least certain part of this package.
     */
    SEED_CBC(Oids.SEED_CBC, Oids.SEED_CBC, CbcCipher.SEED, 16),
    /** PBES2 (RFC 8018) with PBKDF2 and SEED-CBC, the IV in the encryption scheme's parameters; newer files. */
    PBES2_SEED(Oids.PBES2, Oids.SEED_CBC, CbcCipher.SEED, 16),
    /** PBES2 with PBKDF2 and AES-128-CBC, as OpenSSL and other standard tools write it. */
    PBES2_AES128(Oids.PBES2, Oids.AES128_CBC, CbcCipher.AES, 16),
    /** PBES2 with PBKDF2 and AES-256-CBC, as OpenSSL and other standard tools write it. */
    PBES2_AES256(Oids.PBES2, Oids.AES256_CBC, CbcCipher.AES, 32);

    private final String algorithmOid;
    private final String cipherOid;
    private final CbcCipher cipher;
    private final int keyLength;

    EncryptedKeyScheme(String algorithmOid, String cipherOid, CbcCipher cipher, int keyLength) {
        this.algorithmOid = algorithmOid;
        this.cipherOid = cipherOid;
        this.cipher = cipher;
        this.keyLength = keyLength;
    }

    /** The OID of the {@code EncryptedPrivateKeyInfo}'s encryption algorithm (the same for all PBES2 schemes). */
    public String algorithmOid() {
        return algorithmOid;
    }

    /** The OID of the block cipher in CBC mode doing the encryption. */
    public String cipherOid() {
        return cipherOid;
    }

    /** The cipher key length in bytes. */
    public int keyLength() {
        return keyLength;
    }

    public boolean isPbes2() {
        return Oids.PBES2.equals(algorithmOid);
    }

    CbcCipher cipher() {
        return cipher;
    }

    /** The PBES2 scheme using the given cipher, or null when we do not implement that cipher. */
    static EncryptedKeyScheme pbes2WithCipher(String cipherOid) {
        for (EncryptedKeyScheme scheme : values()) {
            if (scheme.isPbes2() && scheme.cipherOid.equals(cipherOid)) {
                return scheme;
            }
        }
        return null;
    }

    /** Spelled out once: an enum cannot refer to its own static constants from constructor arguments. */
    static final class Oids {
        static final String SEED_CBC_WITH_SHA1 = "1.2.410.200004.1.15";
        static final String SEED_CBC = "1.2.410.200004.1.4";
        static final String PBES2 = "1.2.840.113549.1.5.13";
        static final String PBKDF2 = "1.2.840.113549.1.5.12";
        static final String AES128_CBC = "2.16.840.1.101.3.4.1.2";
        static final String AES256_CBC = "2.16.840.1.101.3.4.1.42";

        private Oids() {
        }
    }
}
