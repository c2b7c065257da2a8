package org.govmail.mailets.outbound;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DKIM signing keys of the hosted domains: {@code <folder>/<domain>.pem} (PKCS#8, unencrypted, RSA).
 * With {@code generate}, a hosted domain without a key gets a new 2048-bit one on first use, and the TXT
 * record to publish for it is written beside it ({@code <domain>.dns.txt}) and logged. Keys are read once
 * and kept; a key file that does not parse is an error for that domain's mail, not a silent "unsigned".
 */
public final class DkimKeys {
    private static final Logger LOGGER = LoggerFactory.getLogger(DkimKeys.class);

    /** A domain's key, with what its public DNS record must say. */
    public record DkimKey(String domain, String selector, PrivateKey privateKey, String dnsRecord) {
        public String dnsName() {
            return selector + "._domainkey." + domain;
        }
    }

    private final Path folder;
    private final String selector;
    private final boolean generate;
    private final Predicate<String> hosted;
    private final Map<String, Optional<DkimKey>> keys = new ConcurrentHashMap<>();

    /** @param hosted whether a domain is one this server hosts (only those get generated keys) */
    public DkimKeys(Path folder, String selector, boolean generate, Predicate<String> hosted) {
        this.folder = folder;
        this.selector = selector;
        this.generate = generate;
        this.hosted = hosted;
    }

    public String selector() {
        return selector;
    }

    public Optional<DkimKey> forDomain(String domain) {
        String name = domain.toLowerCase(Locale.ROOT);
        if (!name.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
            return Optional.empty();
        }
        return keys.computeIfAbsent(name, this::load);
    }

    private Optional<DkimKey> load(String domain) {
        Path file = folder.resolve(domain + ".pem");
        try {
            if (Files.exists(file)) {
                return Optional.of(read(domain, Files.readString(file, StandardCharsets.US_ASCII)));
            }
            if (generate && hosted.test(domain)) {
                return Optional.of(create(domain, file));
            }
            return Optional.empty();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("DKIM key " + file + " unusable: " + e.getMessage(), e);
        }
    }

    private DkimKey read(String domain, String pem) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(base64)));
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new GeneralSecurityException("not an RSA private key with its public part");
        }
        byte[] publicKey = KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent())).getEncoded();
        return new DkimKey(domain, selector, key, "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(publicKey));
    }

    private DkimKey create(String domain, Path file) throws GeneralSecurityException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.createDirectories(folder);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
        Path partial = folder.resolve(domain + ".pem.partial");
        Files.writeString(partial, pem, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own permissions protect it
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        DkimKey key = new DkimKey(domain, selector, pair.getPrivate(),
            "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
        Files.writeString(folder.resolve(domain + ".dns.txt"), key.dnsName() + ". IN TXT \"" + key.dnsRecord() + "\"\n", StandardCharsets.US_ASCII);
        LOGGER.warn("generated a DKIM key for {} in {}: publish TXT {} \"{}\"", domain, file, key.dnsName(), key.dnsRecord());
        return key;
    }
}
