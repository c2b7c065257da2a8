package org.govmail.auth.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/**
 * The development identity provider: a P-256 key pair the server generates on first start in the folder
 * named by {@code identityProviders@devFolder} (shipped: {@code var/identity/dev}), so sign-up can be tried
 * without a contract with a real provider. The shipped {@code conf/identity-providers.xml} trusts its public
 * key under {@link #PROVIDER_ID} / {@link #KEY_ID}; {@code govmail-pki identity-assertion} signs with its
 * private key.
 *
 * <p>Development only: whoever can read the private key can vouch for anyone. Production configurations list
 * the real providers and no devFolder.
 */
public final class DevIdentityProvider {
    public static final String PROVIDER_ID = "govmail-dev";
    public static final String KEY_ID = "govmail-dev-1";
    /** PKCS#8 PEM, readable by its owner only. */
    public static final String PRIVATE_KEY_FILE = "dev-provider.key";
    /** SubjectPublicKeyInfo PEM: what the configuration's publicKey points at. */
    public static final String PUBLIC_KEY_FILE = "dev-provider.pem";

    private DevIdentityProvider() {
    }

    public static boolean existsIn(Path folder) {
        return Files.isRegularFile(folder.resolve(PRIVATE_KEY_FILE)) && Files.isRegularFile(folder.resolve(PUBLIC_KEY_FILE));
    }

    /** Generates a new key pair into {@code folder} (created if needed), replacing any previous one. */
    public static void create(Path folder) throws IOException {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate P-256 keys", e);
        }
        Files.createDirectories(folder);
        // Private key first and public key last, each moved into place whole: existsIn() never sees half a pair.
        write(folder, PRIVATE_KEY_FILE, PemKeys.toPem(pair.getPrivate()), true);
        write(folder, PUBLIC_KEY_FILE, PemKeys.toPem(pair.getPublic()), false);
    }

    /** Signs as the development provider with the key in {@code folder}. */
    public static IdentityAssertionSigner signer(Path folder, String providerId, String keyId) throws IOException {
        Path file = folder.resolve(PRIVATE_KEY_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no development identity provider in " + folder + " (start the server once)");
        }
        var key = PemKeys.readPrivateKey(Files.readString(file, StandardCharsets.US_ASCII));
        return new IdentityAssertionSigner(providerId, keyId, JwsAlgorithm.forKey(key), key);
    }

    private static void write(Path folder, String name, String content, boolean secret) throws IOException {
        Path temp = Files.createTempFile(folder, name, ".tmp");
        try {
            if (secret) {
                restrict(temp);
            }
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            Files.move(temp, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: the folder's own permissions have to do.
        }
    }
}
