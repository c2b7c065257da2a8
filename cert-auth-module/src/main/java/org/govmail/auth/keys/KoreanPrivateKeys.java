package org.govmail.auth.keys;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.govmail.auth.keys.GovmailKeyException.Problem;
import org.govmail.auth.keys.PbeParameters.KeyAndIv;

/**
 * Reading and writing password-encrypted private keys as Korean GPKI/EPKI users hold them
 * ({@code signPri.key}, {@code *_sig.key}): a PKCS#8 {@code EncryptedPrivateKeyInfo}, DER or PEM, in one
 * of the {@link EncryptedKeyScheme}s. Passwords are hashed as their UTF-8 bytes.
 */
public final class KoreanPrivateKeys {
    /** What {@link #encrypt(PrivateKey, char[], EncryptedKeyScheme)} uses, as Korean certificate software does. */
    public static final int DEFAULT_ITERATIONS = 2048;
    /** Real key files are 1-3 KB; anything this large is not one. */
    public static final int MAX_ENCODED_SIZE = 64 * 1024;
    private static final Pattern PEM_BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]{1,64})-----");
    private static final String PEM_LABEL = "ENCRYPTED PRIVATE KEY";
    /** JDK key factories for the key algorithms certificates use; the JDK ones need no extra provider. */
    private static final Map<String, String> KEY_FACTORIES = Map.of(
        "1.2.840.113549.1.1.1", "RSA",
        "1.2.840.113549.1.1.10", "RSASSA-PSS",
        "1.2.840.10045.2.1", "EC");
    private static final SecureRandom RANDOM = new SecureRandom();

    private KoreanPrivateKeys() {
    }

    /**
     * The private key in {@code encryptedPkcs8} (DER, or PEM "ENCRYPTED PRIVATE KEY").
     *
     * @throws GovmailKeyException whatever the input: MALFORMED when it is not an encrypted PKCS#8 key,
     *     UNSUPPORTED_ALGORITHM naming the OID we do not implement, WRONG_PASSWORD when decryption does not
     *     give a private key (a wrong password, or a damaged encrypted part)
     */
    public static PrivateKey decrypt(byte[] encryptedPkcs8, char[] password) throws GovmailKeyException {
        try {
            return decryptChecked(encryptedPkcs8, password);
        } catch (RuntimeException | StackOverflowError e) {
            throw unreadable(e);
        }
    }

    /** Which scheme {@code encryptedPkcs8} is encrypted with, without needing its password. */
    public static EncryptedKeyScheme schemeOf(byte[] encryptedPkcs8) throws GovmailKeyException {
        try {
            return PbeParameters.read(readInfo(encryptedPkcs8).getEncryptionAlgorithm()).scheme();
        } catch (RuntimeException | StackOverflowError e) {
            throw unreadable(e);
        }
    }

    /** {@code key} as a DER {@code EncryptedPrivateKeyInfo}, with {@link #DEFAULT_ITERATIONS}. */
    public static byte[] encrypt(PrivateKey key, char[] password, EncryptedKeyScheme scheme) {
        return encrypt(key, password, scheme, DEFAULT_ITERATIONS);
    }

    /**
     * {@code key} as a DER {@code EncryptedPrivateKeyInfo} with a fresh random 8-byte salt (and IV for PBES2,
     * whose PBKDF2 uses HMAC-SHA256).
     *
     * @throws IllegalArgumentException when the key cannot be exported as PKCS#8 (a hardware key), the
     *     password has unpaired surrogates, or the iteration count is outside 1..1,000,000
     */
    public static byte[] encrypt(PrivateKey key, char[] password, EncryptedKeyScheme scheme, int iterations) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(scheme, "scheme");
        if (iterations < 1 || iterations > PbeParameters.MAX_ITERATIONS) {
            throw new IllegalArgumentException("iteration count must be within 1.." + PbeParameters.MAX_ITERATIONS);
        }
        byte[] plainText = key.getEncoded();
        if (plainText == null || !"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("the key cannot be exported as PKCS#8");
        }
        byte[] passwordBytes;
        try {
            passwordBytes = Passwords.utf8(password);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the password is not valid Unicode (unpaired surrogate)");
        }
        PbeParameters parameters = PbeParameters.fresh(scheme, iterations, RANDOM);
        KeyAndIv keyAndIv = parameters.derive(passwordBytes);
        try {
            byte[] cipherText = scheme.cipher().encrypt(keyAndIv.key(), keyAndIv.iv(), plainText);
            return new EncryptedPrivateKeyInfo(parameters.toAlgorithmIdentifier(), cipherText).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode EncryptedPrivateKeyInfo", e);
        } finally {
            keyAndIv.wipe();
            Arrays.fill(passwordBytes, (byte) 0);
            Arrays.fill(plainText, (byte) 0);
        }
    }

    private static PrivateKey decryptChecked(byte[] encryptedPkcs8, char[] password) throws GovmailKeyException {
        EncryptedPrivateKeyInfo info = readInfo(encryptedPkcs8);
        PbeParameters parameters = PbeParameters.read(info.getEncryptionAlgorithm());
        byte[] cipherText = info.getEncryptedData();
        if (cipherText.length == 0 || cipherText.length % CbcCipher.BLOCK_SIZE != 0) {
            throw new GovmailKeyException(Problem.MALFORMED,
                "not an encrypted PKCS#8 key: encrypted part is not a whole number of cipher blocks");
        }
        if (password == null) {
            throw new GovmailKeyException(Problem.WRONG_PASSWORD, "no password given");
        }
        byte[] passwordBytes;
        try {
            passwordBytes = Passwords.utf8(password);
        } catch (CharacterCodingException e) {
            throw new GovmailKeyException(Problem.WRONG_PASSWORD, "wrong password: not valid Unicode (unpaired surrogate)");
        }
        KeyAndIv keyAndIv = parameters.derive(passwordBytes);
        Arrays.fill(passwordBytes, (byte) 0);
        byte[] plainText;
        try {
            plainText = parameters.scheme().cipher().decrypt(keyAndIv.key(), keyAndIv.iv(), cipherText);
        } catch (InvalidCipherTextException e) {
            throw wrongPassword();
        } finally {
            keyAndIv.wipe();
        }
        try {
            return toPrivateKey(plainText);
        } finally {
            Arrays.fill(plainText, (byte) 0);
        }
    }

    private static EncryptedPrivateKeyInfo readInfo(byte[] encoded) throws GovmailKeyException {
        if (encoded == null || encoded.length == 0) {
            throw malformed("empty");
        }
        if (encoded.length > MAX_ENCODED_SIZE) {
            throw malformed("larger than " + MAX_ENCODED_SIZE + " bytes");
        }
        byte[] der = isPem(encoded) ? pemBody(encoded) : encoded;
        ASN1Primitive primitive;
        try {
            primitive = ASN1Primitive.fromByteArray(der);
        } catch (IOException | RuntimeException e) {
            throw malformed("not DER (" + e.getClass().getSimpleName() + ")");
        }
        if (!(primitive instanceof ASN1Sequence sequence) || sequence.size() != 2) {
            if (primitive instanceof ASN1Sequence other && other.size() > 0
                && other.getObjectAt(0) instanceof ASN1Integer) {
                throw malformed("this is an unencrypted private key (PrivateKeyInfo)");
            }
            throw malformed("not SEQUENCE { encryptionAlgorithm, encryptedData }");
        }
        try {
            return EncryptedPrivateKeyInfo.getInstance(sequence);
        } catch (RuntimeException e) {
            throw malformed("not SEQUENCE { encryptionAlgorithm, encryptedData }");
        }
    }

    /** DER always starts with the SEQUENCE tag; anything else is PEM or not a key file. */
    private static boolean isPem(byte[] encoded) {
        return encoded[0] != 0x30;
    }

    /** Plain index searches rather than one regular expression: no backtracking on hostile input. */
    private static byte[] pemBody(byte[] pem) throws GovmailKeyException {
        String text = new String(pem, StandardCharsets.US_ASCII);
        String header = "-----BEGIN " + PEM_LABEL + "-----";
        int begin = text.indexOf(header);
        if (begin < 0) {
            Matcher other = PEM_BEGIN.matcher(text);
            throw malformed(other.find()
                ? "PEM block is \"" + other.group(1) + "\", not \"" + PEM_LABEL + "\""
                : "neither DER nor PEM");
        }
        int end = text.indexOf("-----END " + PEM_LABEL + "-----", begin + header.length());
        if (end < 0) {
            throw malformed("PEM block without its END line");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(begin + header.length(), end));
        } catch (IllegalArgumentException e) {
            throw malformed("PEM block is not valid base64");
        }
    }

    /**
     * With a wrong key, CBC padding still checks out once in 256 times; what comes out then is noise,
     * not a PrivateKeyInfo, so that counts as a wrong password too.
     */
    private static PrivateKey toPrivateKey(byte[] plainText) throws GovmailKeyException {
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(plainText));
        } catch (Exception e) {
            throw wrongPassword();
        }
        if (info == null) {
            throw wrongPassword();
        }
        String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
        String algorithm = KEY_FACTORIES.get(oid);
        if (algorithm == null) {
            throw new GovmailKeyException(Problem.UNSUPPORTED_ALGORITHM, "private key algorithm " + oid + " is not supported");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(plainText));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new GovmailKeyException(Problem.MALFORMED, "decrypted, but not a valid " + algorithm + " private key");
        }
    }

    private static GovmailKeyException wrongPassword() {
        return new GovmailKeyException(Problem.WRONG_PASSWORD, "wrong password (or the key file is damaged)");
    }

    /** Parsers of hostile input fail in more ways than they declare; the caller still gets one answer. */
    private static GovmailKeyException unreadable(Throwable failure) {
        return malformed("unreadable (" + failure.getClass().getSimpleName() + ")");
    }

    private static GovmailKeyException malformed(String why) {
        return new GovmailKeyException(Problem.MALFORMED, "not an encrypted PKCS#8 key: " + why);
    }
}
