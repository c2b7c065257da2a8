package org.govmail.auth.token;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.govmail.auth.identity.JwsAlgorithm;
import org.govmail.auth.identity.PemKeys;

/**
 * One RSA key pair that signs access tokens, named by the key id ({@code kid}) tokens carry so that a
 * verifier picks the key from its own set rather than from anything the token says about the key.
 *
 * <p>RSA only and at least {@value JwsAlgorithm#MIN_RSA_BITS} bits: the codec signs RS256 and nothing else,
 * so a token can never name a weaker algorithm or key type. The ids are restricted to a few ASCII characters
 * because they appear in headers, file names and logs. {@link #toString()} names the id and size only: the
 * private key must never reach a log.
 */
public record TokenSigningKey(String id, PrivateKey privateKey, PublicKey publicKey) {
    /** RSA size of {@link #generate}: above the minimum, for keys that may be kept for years. */
    public static final int GENERATED_RSA_BITS = 3072;
    public static final int MAX_ID_LENGTH = 64;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_ID_LENGTH + "}");
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    public TokenSigningKey {
        requireValidId(id);
        if (!(privateKey instanceof RSAPrivateKey rsaPrivate) || !(publicKey instanceof RSAPublicKey rsaPublic)) {
            throw new IllegalArgumentException("token signing key " + id + " must be an RSA key pair");
        }
        if (!JwsAlgorithm.RS256.fits(privateKey) || !JwsAlgorithm.RS256.fits(publicKey)) {
            throw new IllegalArgumentException("token signing key " + id + " has " + rsaPublic.getModulus().bitLength()
                + " bits; at least " + JwsAlgorithm.MIN_RSA_BITS + " are required");
        }
        // A mismatched pair would sign tokens that its own published JWK cannot verify.
        boolean samePair = rsaPrivate.getModulus().equals(rsaPublic.getModulus())
            && (!(rsaPrivate instanceof RSAPrivateCrtKey crt) || crt.getPublicExponent().equals(rsaPublic.getPublicExponent()));
        if (!samePair) {
            throw new IllegalArgumentException("the private and public key of token signing key " + id + " are not one pair");
        }
    }

    /** A new random key pair of {@value #GENERATED_RSA_BITS} bits. */
    public static TokenSigningKey generate(String id) {
        requireValidId(id);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(GENERATED_RSA_BITS);
            KeyPair pair = generator.generateKeyPair();
            return new TokenSigningKey(id, pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is not available", e);
        }
    }

    /**
     * The key in an unencrypted PEM file, PKCS#8 ({@code PRIVATE KEY}) or PKCS#1 ({@code RSA PRIVATE KEY}).
     * Only the private key is stored; the public key is derived from its CRT form, so the two cannot disagree.
     *
     * @throws IOException if the file cannot be read or holds no RSA private key of at least
     *                     {@value JwsAlgorithm#MIN_RSA_BITS} bits
     */
    public static TokenSigningKey read(String id, Path pemFile) throws IOException {
        requireValidId(id);
        PrivateKey privateKey = PemKeys.readPrivateKey(Files.readString(pemFile, StandardCharsets.US_ASCII));
        if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
            throw new IOException(pemFile + " holds no RSA private key with CRT parameters (found " + privateKey.getAlgorithm() + ")");
        }
        if (!JwsAlgorithm.RS256.fits(crt)) {
            throw new IOException("the RSA key in " + pemFile + " has " + crt.getModulus().bitLength() + " bits; at least "
                + JwsAlgorithm.MIN_RSA_BITS + " are required");
        }
        try {
            PublicKey publicKey = KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            return new TokenSigningKey(id, crt, publicKey);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot derive the public key of the RSA key in " + pemFile, e);
        }
    }

    /**
     * Stores the private key as PKCS#8 PEM, readable and writable by the owner only where the file system
     * has POSIX permissions: whoever reads this file can sign tokens for any account. The file is created
     * with these permissions (never world-readable for a moment) and an existing file is not replaced,
     * because overwriting a key that signed live tokens would make them all fail.
     *
     * @throws java.nio.file.FileAlreadyExistsException if {@code pemFile} exists
     */
    public void write(Path pemFile) throws IOException {
        boolean posix = pemFile.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path parent = pemFile.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            if (posix) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            } else {
                Files.createDirectories(parent);
            }
        }
        FileAttribute<?>[] attributes = posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE)}
            : new FileAttribute<?>[0];
        Files.createFile(pemFile, attributes);
        if (posix) {
            // The creation mode passes through the umask; set it again so it is exactly rw-------.
            Files.setPosixFilePermissions(pemFile, OWNER_READ_WRITE);
        }
        try (OutputStream out = Files.newOutputStream(pemFile, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(PemKeys.toPem(privateKey).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // A half-written key file would fail later, at a worse moment (the next start).
            Files.deleteIfExists(pemFile);
            throw e;
        }
    }

    /** Key id and size only: the key material must never end up in a log. */
    @Override
    public String toString() {
        return "TokenSigningKey[id=" + id + ", RSA " + ((RSAPublicKey) publicKey).getModulus().bitLength() + " bits]";
    }

    static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    private static void requireValidId(String id) {
        Objects.requireNonNull(id, "id");
        if (!isValidId(id)) {
            throw new IllegalArgumentException("a token signing key id has 1-" + MAX_ID_LENGTH + " characters of A-Z a-z 0-9 . _ -");
        }
    }
}
