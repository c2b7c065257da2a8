package org.govmail.auth.keys;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.govmail.auth.keys.EncryptedKeyScheme.Oids;
import org.govmail.auth.keys.GovmailKeyException.Problem;
import org.govmail.auth.keys.Pbkdf.Prf;

/**
 * One file's encryption parameters (scheme, salt, iteration count, and for PBES2 the PRF and IV): read
 * from or written to its {@code AlgorithmIdentifier}, and turned with a password into a cipher key and IV.
 */
final class PbeParameters {
    /**
     * Real files use a few thousand; a hostile file must not make us hash for minutes. A million
     * iterations of PBKDF2-HMAC-SHA512 take about a second here.
     */
    static final int MAX_ITERATIONS = 1_000_000;
    /** Chosen for writing PBES2: what OpenSSL writes by default, and stronger than the HMAC-SHA1 default. */
    static final Prf WRITTEN_PRF = Prf.HMAC_SHA256;
    private static final int SALT_LENGTH = 8;
    /** The fixed IV of {@link EncryptedKeyScheme#SEED_CBC}; see the uncertainty noted there. */
    private static final byte[] SEED_CBC_IV = "0123456789012345".getBytes(StandardCharsets.US_ASCII);

    private final EncryptedKeyScheme scheme;
    private final byte[] salt;
    private final int iterations;
    private final Prf prf;
    private final byte[] iv;

    private PbeParameters(EncryptedKeyScheme scheme, byte[] salt, int iterations, Prf prf, byte[] iv) {
        this.scheme = scheme;
        this.salt = salt.clone();
        this.iterations = iterations;
        this.prf = prf;
        this.iv = iv == null ? null : iv.clone();
    }

    /** New random salt (and IV for PBES2) for encrypting a key. */
    static PbeParameters fresh(EncryptedKeyScheme scheme, int iterations, SecureRandom random) {
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        byte[] iv = null;
        if (scheme.isPbes2()) {
            iv = new byte[CbcCipher.BLOCK_SIZE];
            random.nextBytes(iv);
        }
        return new PbeParameters(scheme, salt, iterations, scheme.isPbes2() ? WRITTEN_PRF : null, iv);
    }

    /** Reads a file's {@code encryptionAlgorithm}; bad structure is MALFORMED, unknown OIDs UNSUPPORTED_ALGORITHM. */
    static PbeParameters read(AlgorithmIdentifier algorithm) throws GovmailKeyException {
        String oid = algorithm.getAlgorithm().getId();
        switch (oid) {
            case Oids.SEED_CBC_WITH_SHA1:
                return readSaltAndCount(EncryptedKeyScheme.SEED_CBC_WITH_SHA1, algorithm.getParameters());
            case Oids.SEED_CBC:
                return readSaltAndCount(EncryptedKeyScheme.SEED_CBC, algorithm.getParameters());
            case Oids.PBES2:
                return readPbes2(algorithm.getParameters());
            default:
                throw new GovmailKeyException(Problem.UNSUPPORTED_ALGORITHM,
                    "key encrypted with unsupported algorithm " + oid);
        }
    }

    private static PbeParameters readSaltAndCount(EncryptedKeyScheme scheme, ASN1Encodable parameters)
        throws GovmailKeyException {
        if (!(parameters instanceof ASN1Sequence sequence) || sequence.size() != 2
            || !(sequence.getObjectAt(0) instanceof ASN1OctetString salt)
            || !(sequence.getObjectAt(1) instanceof ASN1Integer count)) {
            throw malformed(scheme.algorithmOid() + " parameters are not SEQUENCE { salt, iterationCount }");
        }
        return new PbeParameters(scheme, salt.getOctets(), iterations(count.getValue()), null, null);
    }

    private static PbeParameters readPbes2(ASN1Encodable parameters) throws GovmailKeyException {
        PBES2Parameters pbes2;
        try {
            pbes2 = PBES2Parameters.getInstance(parameters);
        } catch (RuntimeException e) {
            throw malformed("PBES2 parameters are not readable");
        }
        if (pbes2 == null) {
            throw malformed("PBES2 without parameters");
        }
        KeyDerivationFunc kdf = pbes2.getKeyDerivationFunc();
        if (!Oids.PBKDF2.equals(kdf.getAlgorithm().getId())) {
            throw new GovmailKeyException(Problem.UNSUPPORTED_ALGORITHM,
                "PBES2 with unsupported key derivation " + kdf.getAlgorithm().getId());
        }
        EncryptionScheme encryption = pbes2.getEncryptionScheme();
        String cipherOid = encryption.getAlgorithm().getId();
        EncryptedKeyScheme scheme = EncryptedKeyScheme.pbes2WithCipher(cipherOid);
        if (scheme == null) {
            throw new GovmailKeyException(Problem.UNSUPPORTED_ALGORITHM, "PBES2 with unsupported cipher " + cipherOid);
        }
        PBKDF2Params pbkdf2;
        byte[] iv;
        try {
            pbkdf2 = PBKDF2Params.getInstance(kdf.getParameters());
            iv = ASN1OctetString.getInstance(encryption.getParameters()).getOctets();
        } catch (RuntimeException e) {
            // Includes the never-used PBKDF2 "otherSource" salt, which Bouncy Castle cannot read either.
            throw malformed("PBKDF2 parameters or cipher IV are not readable");
        }
        if (pbkdf2 == null || iv.length != CbcCipher.BLOCK_SIZE) {
            throw malformed("PBES2 cipher IV is not " + CbcCipher.BLOCK_SIZE + " bytes");
        }
        BigInteger keyLength = pbkdf2.getKeyLength();
        if (keyLength != null && !keyLength.equals(BigInteger.valueOf(scheme.keyLength()))) {
            throw malformed("PBKDF2 key length " + keyLength + " does not fit cipher " + cipherOid);
        }
        ASN1ObjectIdentifier prfOid = pbkdf2.getPrf().getAlgorithm();
        Prf prf = Prf.forOid(prfOid);
        if (prf == null) {
            throw new GovmailKeyException(Problem.UNSUPPORTED_ALGORITHM, "PBKDF2 with unsupported PRF " + prfOid.getId());
        }
        return new PbeParameters(scheme, pbkdf2.getSalt(), iterations(pbkdf2.getIterationCount()), prf, iv);
    }

    private static int iterations(BigInteger count) throws GovmailKeyException {
        if (count.signum() <= 0 || count.compareTo(BigInteger.valueOf(MAX_ITERATIONS)) > 0) {
            throw malformed("iteration count " + count + " is outside 1.." + MAX_ITERATIONS);
        }
        return count.intValue();
    }

    private static GovmailKeyException malformed(String why) {
        return new GovmailKeyException(Problem.MALFORMED, "not an encrypted PKCS#8 key: " + why);
    }

    EncryptedKeyScheme scheme() {
        return scheme;
    }

    AlgorithmIdentifier toAlgorithmIdentifier() {
        if (!scheme.isPbes2()) {
            return new AlgorithmIdentifier(new ASN1ObjectIdentifier(scheme.algorithmOid()),
                new DERSequence(new ASN1Encodable[] {new DEROctetString(salt), new ASN1Integer(iterations)}));
        }
        // No keyLength: it is optional, and OpenSSL leaves it out for fixed-size ciphers too.
        PBKDF2Params pbkdf2 = new PBKDF2Params(salt, iterations, new AlgorithmIdentifier(prf.oid(), DERNull.INSTANCE));
        return new AlgorithmIdentifier(new ASN1ObjectIdentifier(Oids.PBES2), new PBES2Parameters(
            new KeyDerivationFunc(new ASN1ObjectIdentifier(Oids.PBKDF2), pbkdf2),
            new EncryptionScheme(new ASN1ObjectIdentifier(scheme.cipherOid()), new DEROctetString(iv))));
    }

    /** The cipher key and IV these parameters give for {@code password} (its UTF-8 bytes). */
    KeyAndIv derive(byte[] password) {
        switch (scheme) {
            case SEED_CBC_WITH_SHA1: {
                byte[] dk = Pbkdf.pbkdf1Sha1(password, salt, iterations);
                byte[] ivHash = new byte[20];
                SHA1Digest sha1 = new SHA1Digest();
                sha1.update(dk, 16, 4);
                sha1.doFinal(ivHash, 0);
                KeyAndIv derived = new KeyAndIv(Arrays.copyOf(dk, 16), Arrays.copyOf(ivHash, 16));
                Arrays.fill(dk, (byte) 0);
                Arrays.fill(ivHash, (byte) 0);
                return derived;
            }
            case SEED_CBC: {
                byte[] dk = Pbkdf.pbkdf1Sha1(password, salt, iterations);
                KeyAndIv derived = new KeyAndIv(Arrays.copyOf(dk, 16), SEED_CBC_IV.clone());
                Arrays.fill(dk, (byte) 0);
                return derived;
            }
            default:
                return new KeyAndIv(prf.pbkdf2(password, salt, iterations, scheme.keyLength()), iv.clone());
        }
    }

    /** Key material for one encryption or decryption, wiped by its user afterwards. */
    record KeyAndIv(byte[] key, byte[] iv) {
        void wipe() {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(iv, (byte) 0);
        }
    }
}
