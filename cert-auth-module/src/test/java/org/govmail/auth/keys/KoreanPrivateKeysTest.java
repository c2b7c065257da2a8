package org.govmail.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.govmail.auth.keys.GovmailKeyException.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KoreanPrivateKeysTest {
    private static final char[] PASSWORD = "gpki!Pass123".toCharArray();
    private static final PrivateKey KEY = TestCredentials.RSA.keys().getPrivate();

    @ParameterizedTest
    @EnumSource(EncryptedKeyScheme.class)
    void decryptsWhatItEncrypts(EncryptedKeyScheme scheme) throws Exception {
        byte[] file = KoreanPrivateKeys.encrypt(KEY, PASSWORD, scheme);

        PrivateKey decrypted = KoreanPrivateKeys.decrypt(file, PASSWORD);

        assertThat(decrypted.getEncoded()).isEqualTo(KEY.getEncoded());
        assertThat(KoreanPrivateKeys.schemeOf(file)).isEqualTo(scheme);
        EncryptedPrivateKeyInfo info = EncryptedPrivateKeyInfo.getInstance(file);
        assertThat(info.getEncryptionAlgorithm().getAlgorithm().getId()).isEqualTo(scheme.algorithmOid());
    }

    @ParameterizedTest
    @EnumSource(EncryptedKeyScheme.class)
    void wrongPasswordIsReportedAsSuch(EncryptedKeyScheme scheme) {
        byte[] file = KoreanPrivateKeys.encrypt(KEY, PASSWORD, scheme);

        assertProblem(() -> KoreanPrivateKeys.decrypt(file, "gpki!Pass124".toCharArray()), Problem.WRONG_PASSWORD);
        assertProblem(() -> KoreanPrivateKeys.decrypt(file, new char[0]), Problem.WRONG_PASSWORD);
        assertProblem(() -> KoreanPrivateKeys.decrypt(file, null), Problem.WRONG_PASSWORD);
    }

    /** One wrong key in 256 leaves valid CBC padding; what it decrypts to must still count as a wrong password. */
    @Test
    void wrongPasswordWhosePaddingHappensToCheckOutIsStillWrong() throws Exception {
        byte[] file = KoreanPrivateKeys.encrypt(KEY, PASSWORD, EncryptedKeyScheme.SEED_CBC_WITH_SHA1, 1);
        for (int i = 0; i < 1500; i++) {
            char[] guess = ("guess" + i).toCharArray();
            assertProblem(() -> KoreanPrivateKeys.decrypt(file, guess), Problem.WRONG_PASSWORD);
        }
        assertThat(KoreanPrivateKeys.decrypt(file, PASSWORD).getEncoded()).isEqualTo(KEY.getEncoded());
    }

    @Test
    void acceptsPem() throws Exception {
        byte[] der = KoreanPrivateKeys.encrypt(KEY, PASSWORD, EncryptedKeyScheme.PBES2_SEED);
        // Text before the block, as "openssl pkcs12" output has.
        byte[] pem = ("Bag Attributes\n    friendlyName: sign\n-----BEGIN ENCRYPTED PRIVATE KEY-----\r\n"
            + Base64.getMimeEncoder(64, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
            + "\r\n-----END ENCRYPTED PRIVATE KEY-----\r\n").getBytes(StandardCharsets.US_ASCII);

        assertThat(KoreanPrivateKeys.decrypt(pem, PASSWORD).getEncoded()).isEqualTo(KEY.getEncoded());
    }

    @Test
    void decryptsEcKeys() throws Exception {
        PrivateKey ec = TestCredentials.EC.keys().getPrivate();
        byte[] file = KoreanPrivateKeys.encrypt(ec, PASSWORD, EncryptedKeyScheme.SEED_CBC_WITH_SHA1);

        assertThat(KoreanPrivateKeys.decrypt(file, PASSWORD).getEncoded()).isEqualTo(ec.getEncoded());
    }

    @Test
    void nonAsciiPasswordsAreHashedAsUtf8() throws Exception {
        char[] korean = "비밀번호1!".toCharArray();
        byte[] file = KoreanPrivateKeys.encrypt(KEY, korean, EncryptedKeyScheme.SEED_CBC_WITH_SHA1);
        EncryptedPrivateKeyInfo info = EncryptedPrivateKeyInfo.getInstance(file);
        ASN1Sequence parameters = ASN1Sequence.getInstance(info.getEncryptionAlgorithm().getParameters());
        byte[] salt = ASN1OctetString.getInstance(parameters.getObjectAt(0)).getOctets();

        byte[] plain = seedCbcWithSha1Decrypt(new String(korean).getBytes(StandardCharsets.UTF_8), salt, 2048,
            info.getEncryptedData());

        assertThat(plain).isEqualTo(KEY.getEncoded());
    }

    /**
     * KISA's seedCBCWithSHA1 recomputed here with the JDK's SHA-1 and Bouncy Castle's SEED provider, from the
     * salt and iteration count in the written file: encrypt and decrypt cannot share a symmetrical mistake.
     */
    @Test
    void seedCbcWithSha1FollowsTheKisaDerivation() throws Exception {
        byte[] file = KoreanPrivateKeys.encrypt(KEY, PASSWORD, EncryptedKeyScheme.SEED_CBC_WITH_SHA1);
        EncryptedPrivateKeyInfo info = EncryptedPrivateKeyInfo.getInstance(file);
        assertThat(info.getEncryptionAlgorithm().getAlgorithm().getId()).isEqualTo("1.2.410.200004.1.15");
        ASN1Sequence parameters = ASN1Sequence.getInstance(info.getEncryptionAlgorithm().getParameters());
        byte[] salt = ASN1OctetString.getInstance(parameters.getObjectAt(0)).getOctets();
        int iterations = ASN1Integer.getInstance(parameters.getObjectAt(1)).intValueExact();
        assertThat(salt).hasSize(8);
        assertThat(iterations).isEqualTo(2048);

        byte[] plain = seedCbcWithSha1Decrypt(new String(PASSWORD).getBytes(StandardCharsets.US_ASCII), salt,
            iterations, info.getEncryptedData());

        assertThat(plain).isEqualTo(KEY.getEncoded());
    }

    @Test
    void seedCbcUsesTheFixedIvOfKnownReaders() throws Exception {
        byte[] file = KoreanPrivateKeys.encrypt(KEY, PASSWORD, EncryptedKeyScheme.SEED_CBC);
        EncryptedPrivateKeyInfo info = EncryptedPrivateKeyInfo.getInstance(file);
        assertThat(info.getEncryptionAlgorithm().getAlgorithm().getId()).isEqualTo("1.2.410.200004.1.4");
        ASN1Sequence parameters = ASN1Sequence.getInstance(info.getEncryptionAlgorithm().getParameters());
        byte[] salt = ASN1OctetString.getInstance(parameters.getObjectAt(0)).getOctets();
        int iterations = ASN1Integer.getInstance(parameters.getObjectAt(1)).intValueExact();

        byte[] dk = pbkdf1Sha1(new String(PASSWORD).getBytes(StandardCharsets.US_ASCII), salt, iterations);
        byte[] plain = seedDecrypt(Arrays.copyOf(dk, 16), "0123456789012345".getBytes(StandardCharsets.US_ASCII),
            info.getEncryptedData());

        assertThat(plain).isEqualTo(KEY.getEncoded());
    }

    /** RFC 4269 appendix B, through the cipher path the key files use (CBC with a zero IV is ECB for block one). */
    @Test
    void seedMatchesRfc4269TestVectors() throws Exception {
        HexFormat hex = HexFormat.of();
        assertSeedVector(hex, "00000000000000000000000000000000", "000102030405060708090A0B0C0D0E0F",
            "5EBAC6E0054E166819AFF1CC6D346CDB");
        assertSeedVector(hex, "000102030405060708090A0B0C0D0E0F", "00000000000000000000000000000000",
            "C11F22F20140505084483597E4370F43");
    }

    private static void assertSeedVector(HexFormat hex, String key, String plain, String expected) throws Exception {
        byte[] cipherText = CbcCipher.SEED.encrypt(hex.parseHex(key), new byte[16], hex.parseHex(plain));

        assertThat(cipherText).hasSize(32);
        assertThat(hex.formatHex(cipherText, 0, 16)).isEqualToIgnoringCase(expected);
        assertThat(CbcCipher.SEED.decrypt(hex.parseHex(key), new byte[16], cipherText)).isEqualTo(hex.parseHex(plain));
    }

    /**
     * What we write as PBES2 is standard: Bouncy Castle's PKCS#8 readers decrypt it. Its OpenSSL-style reader
     * knows no key size for SEED (and ignores PBKDF2's keyLength), so SEED goes through its PKCS#5 reader only.
     */
    @ParameterizedTest
    @EnumSource(value = EncryptedKeyScheme.class, names = {"PBES2_SEED", "PBES2_AES128", "PBES2_AES256"})
    void pbes2IsReadableByBouncyCastle(EncryptedKeyScheme scheme) throws Exception {
        byte[] file = KoreanPrivateKeys.encrypt(KEY, PASSWORD, scheme);
        PKCS8EncryptedPrivateKeyInfo encrypted = new PKCS8EncryptedPrivateKeyInfo(file);

        PrivateKeyInfo info = encrypted.decryptPrivateKeyInfo(
            new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(TestCredentials.BC).build(PASSWORD));
        assertThat(info.getEncoded()).isEqualTo(KEY.getEncoded());
        if (scheme != EncryptedKeyScheme.PBES2_SEED) {
            PrivateKeyInfo viaOpenSsl = encrypted.decryptPrivateKeyInfo(
                new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(TestCredentials.BC).build(PASSWORD));
            assertThat(viaOpenSsl.getEncoded()).isEqualTo(KEY.getEncoded());
        }

        PBES2Parameters pbes2 = PBES2Parameters.getInstance(
            EncryptedPrivateKeyInfo.getInstance(file).getEncryptionAlgorithm().getParameters());
        assertThat(pbes2.getEncryptionScheme().getAlgorithm().getId()).isEqualTo(scheme.cipherOid());
        PBKDF2Params pbkdf2 = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
        assertThat(pbkdf2.getIterationCount()).isEqualTo(2048);
        assertThat(pbkdf2.getSalt()).hasSize(8);
        assertThat(pbkdf2.getPrf().getAlgorithm().getId()).isEqualTo("1.2.840.113549.2.9");
    }

    /** ...and we read what Bouncy Castle writes, HMAC-SHA1 (the PBKDF2 default) included. */
    @Test
    void readsPbes2WrittenByBouncyCastle() throws Exception {
        for (ASN1ObjectIdentifier cipher : List.of(PKCS8Generator.AES_128_CBC, PKCS8Generator.AES_256_CBC)) {
            for (AlgorithmIdentifier prf : List.of(PKCS8Generator.PRF_HMACSHA1, PKCS8Generator.PRF_HMACSHA256)) {
                OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(cipher).setProvider(TestCredentials.BC)
                    .setPRF(prf).setIterationCount(1000).setPassword(PASSWORD).build();
                byte[] file = new JcaPKCS8Generator(KEY, encryptor).generate().getContent();

                assertThat(KoreanPrivateKeys.decrypt(file, PASSWORD).getEncoded()).isEqualTo(KEY.getEncoded());
                assertProblem(() -> KoreanPrivateKeys.decrypt(file, "nope".toCharArray()), Problem.WRONG_PASSWORD);
            }
        }
    }

    /** Korean key files carry the identity-check random (VID "R") as a PrivateKeyInfo attribute. */
    @Test
    void keepsReadingKeysWithKoreanAttributes() throws Exception {
        PrivateKeyInfo plain = PrivateKeyInfo.getInstance(KEY.getEncoded());
        DERSequence randomAttribute = new DERSequence(new ASN1Encodable[] {
            new ASN1ObjectIdentifier("1.2.410.200004.10.1.1.3"), new DERSet(new DERBitString(new byte[20]))});
        byte[] withAttributes = new PrivateKeyInfo(plain.getPrivateKeyAlgorithm(), plain.parsePrivateKey(),
            new DERSet(randomAttribute)).getEncoded(ASN1Encoding.DER);
        byte[] file = KoreanPrivateKeys.encrypt(new EncodedKey("RSA", withAttributes), PASSWORD,
            EncryptedKeyScheme.SEED_CBC_WITH_SHA1);

        RSAPrivateCrtKey decrypted = (RSAPrivateCrtKey) KoreanPrivateKeys.decrypt(file, PASSWORD);

        RSAPrivateCrtKey original = (RSAPrivateCrtKey) KEY;
        assertThat(decrypted.getModulus()).isEqualTo(original.getModulus());
        assertThat(decrypted.getPrivateExponent()).isEqualTo(original.getPrivateExponent());
        assertThat(decrypted.getCrtCoefficient()).isEqualTo(original.getCrtCoefficient());
    }

    @Test
    void refusesWhatIsNotAnEncryptedKey() {
        assertProblem(() -> KoreanPrivateKeys.decrypt(new byte[0], PASSWORD), Problem.MALFORMED);
        assertProblem(() -> KoreanPrivateKeys.decrypt(null, PASSWORD), Problem.MALFORMED);
        assertProblem(() -> KoreanPrivateKeys.decrypt(KEY.getEncoded(), PASSWORD), Problem.MALFORMED);
        assertProblem(() -> KoreanPrivateKeys.decrypt(TestCredentials.RSA.certificate().getEncoded(), PASSWORD),
            Problem.MALFORMED);
        assertProblem(() -> KoreanPrivateKeys.decrypt(
            "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII), PASSWORD),
            Problem.MALFORMED);
        assertThatThrownBy(() -> KoreanPrivateKeys.decrypt(
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.US_ASCII), PASSWORD))
            .hasMessageContaining("\"CERTIFICATE\"");
        assertProblem(() -> KoreanPrivateKeys.decrypt(
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n".getBytes(StandardCharsets.US_ASCII), PASSWORD),
            Problem.MALFORMED);
        assertProblem(() -> KoreanPrivateKeys.decrypt(new byte[KoreanPrivateKeys.MAX_ENCODED_SIZE + 1], PASSWORD),
            Problem.MALFORMED);
        assertThatThrownBy(() -> KoreanPrivateKeys.decrypt(KEY.getEncoded(), PASSWORD))
            .hasMessageContaining("not an encrypted PKCS#8 key");
    }

    @Test
    void namesTheOidOfAnUnsupportedAlgorithm() throws Exception {
        byte[] file = KoreanPrivateKeys.encrypt(KEY, PASSWORD, EncryptedKeyScheme.SEED_CBC_WITH_SHA1);
        EncryptedPrivateKeyInfo info = EncryptedPrivateKeyInfo.getInstance(file);
        // pbeWithSHAAnd3-KeyTripleDES-CBC, the PKCS#12 scheme, with the same salt and count shape.
        byte[] tripleDes = withAlgorithm(info, new AlgorithmIdentifier(
            new ASN1ObjectIdentifier("1.2.840.113549.1.12.1.3"), info.getEncryptionAlgorithm().getParameters()));

        assertThatThrownBy(() -> KoreanPrivateKeys.decrypt(tripleDes, PASSWORD))
            .isInstanceOfSatisfying(GovmailKeyException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED_ALGORITHM))
            .hasMessageContaining("1.2.840.113549.1.12.1.3");

        byte[] pbes2 = KoreanPrivateKeys.encrypt(KEY, PASSWORD, EncryptedKeyScheme.PBES2_AES128);
        EncryptedPrivateKeyInfo pbes2Info = EncryptedPrivateKeyInfo.getInstance(pbes2);
        PBES2Parameters parameters = PBES2Parameters.getInstance(pbes2Info.getEncryptionAlgorithm().getParameters());
        byte[] aria = withAlgorithm(pbes2Info, new AlgorithmIdentifier(pbes2Info.getEncryptionAlgorithm().getAlgorithm(),
            new PBES2Parameters(parameters.getKeyDerivationFunc(), new org.bouncycastle.asn1.pkcs.EncryptionScheme(
                new ASN1ObjectIdentifier("1.2.410.200046.1.1.2"), new DEROctetString(new byte[16])))));

        assertThatThrownBy(() -> KoreanPrivateKeys.decrypt(aria, PASSWORD))
            .isInstanceOfSatisfying(GovmailKeyException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.UNSUPPORTED_ALGORITHM))
            .hasMessageContaining("1.2.410.200046.1.1.2");
    }

    @Test
    void refusesHugeIterationCounts() throws Exception {
        byte[] file = KoreanPrivateKeys.encrypt(KEY, PASSWORD, EncryptedKeyScheme.SEED_CBC_WITH_SHA1);
        EncryptedPrivateKeyInfo info = EncryptedPrivateKeyInfo.getInstance(file);
        ASN1Sequence parameters = ASN1Sequence.getInstance(info.getEncryptionAlgorithm().getParameters());
        byte[] slow = withAlgorithm(info, new AlgorithmIdentifier(info.getEncryptionAlgorithm().getAlgorithm(),
            new DERSequence(new ASN1Encodable[] {parameters.getObjectAt(0), new ASN1Integer(Integer.MAX_VALUE)})));

        assertProblem(() -> KoreanPrivateKeys.decrypt(slow, PASSWORD), Problem.MALFORMED);
    }

    @Test
    void encryptRefusesKeysItCannotExport() {
        assertThatThrownBy(() -> KoreanPrivateKeys.encrypt(new EncodedKey("RSA", null), PASSWORD,
            EncryptedKeyScheme.PBES2_SEED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KoreanPrivateKeys.encrypt(KEY, PASSWORD, EncryptedKeyScheme.PBES2_SEED, 0))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void saltsDiffer() {
        byte[] first = KoreanPrivateKeys.encrypt(KEY, PASSWORD, EncryptedKeyScheme.SEED_CBC_WITH_SHA1);
        byte[] second = KoreanPrivateKeys.encrypt(KEY, PASSWORD, EncryptedKeyScheme.SEED_CBC_WITH_SHA1);

        assertThat(first).isNotEqualTo(second);
    }

    static void assertProblem(ThrowingCall call, Problem problem) {
        try {
            call.run();
        } catch (GovmailKeyException e) {
            assertThat(e.problem()).as(e.getMessage()).isEqualTo(problem);
            return;
        } catch (Exception e) {
            throw new AssertionError("expected " + problem + " but got " + e, e);
        }
        throw new AssertionError("expected " + problem + " but nothing was thrown");
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    private static byte[] withAlgorithm(EncryptedPrivateKeyInfo info, AlgorithmIdentifier algorithm) throws Exception {
        return new EncryptedPrivateKeyInfo(algorithm, info.getEncryptedData()).getEncoded(ASN1Encoding.DER);
    }

    private static byte[] seedCbcWithSha1Decrypt(byte[] password, byte[] salt, int iterations, byte[] cipherText)
        throws Exception {
        byte[] dk = pbkdf1Sha1(password, salt, iterations);
        byte[] iv = Arrays.copyOf(MessageDigest.getInstance("SHA-1").digest(Arrays.copyOfRange(dk, 16, 20)), 16);
        return seedDecrypt(Arrays.copyOf(dk, 16), iv, cipherText);
    }

    private static byte[] pbkdf1Sha1(byte[] password, byte[] salt, int iterations) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(password);
        sha1.update(salt);
        byte[] t = sha1.digest();
        for (int i = 1; i < iterations; i++) {
            t = sha1.digest(t);
        }
        return t;
    }

    /** Through the JCA and Bouncy Castle's provider, not the lightweight path the code under test uses. */
    private static byte[] seedDecrypt(byte[] key, byte[] iv, byte[] cipherText) throws Exception {
        Cipher cipher = Cipher.getInstance("SEED/CBC/PKCS5Padding", TestCredentials.BC);
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "SEED"), new IvParameterSpec(iv));
        return cipher.doFinal(cipherText);
    }

    /** A key whose encoding the test chooses, as a hardware key (null) or a Korean file's key would have. */
    record EncodedKey(String algorithm, byte[] encoding) implements PrivateKey {
        @Override
        public String getAlgorithm() {
            return algorithm;
        }

        @Override
        public String getFormat() {
            return encoding == null ? null : "PKCS#8";
        }

        @Override
        public byte[] getEncoded() {
            return encoding == null ? null : encoding.clone();
        }
    }
}
