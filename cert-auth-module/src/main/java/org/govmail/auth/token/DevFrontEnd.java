package org.govmail.auth.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.govmail.auth.devpki.DevPki;
import org.govmail.auth.devpki.PkiBuilder;

/**
 * A development web front end, generated on first start so the certificate login and token logins can be
 * tried with no setup: {@code <id>.secret} (its client secret), {@code <id>-cert.pem} and
 * {@code <id>-key.pem} (the TLS client certificate its servers present to IMAP/SMTP, self-signed) and
 * {@code <id>.p12} (the same pair, password {@value #P12_PASSWORD}). Not for production: a real front end
 * brings its own server certificate and a secret generated for it.
 */
public final class DevFrontEnd {
    public static final String ID = "webmail";
    public static final String P12_PASSWORD = "govmail-dev";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private DevFrontEnd() {
    }

    public static boolean existsIn(Path folder) {
        return Files.exists(folder.resolve(ID + ".secret")) && Files.exists(folder.resolve(ID + "-cert.pem"));
    }

    public static void create(Path folder) throws IOException {
        Files.createDirectories(folder);
        Instant now = Instant.now();
        PkiBuilder.Issued issued = PkiBuilder.selfSigned(PkiBuilder.UserSpec.user("CN=govmail development web front end, O=govmail", "2.5.29.32.0")
            .policies(List.of())
            .validity(now.minus(1, ChronoUnit.HOURS), now.plus(730, ChronoUnit.DAYS))
            .keyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment)
            .extendedKeyUsage(CLIENT_AUTH));
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        ownerOnly(folder.resolve(ID + ".secret"), Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
        Files.writeString(folder.resolve(ID + "-cert.pem"), DevPki.pem(issued.certificate()), StandardCharsets.US_ASCII);
        ownerOnly(folder.resolve(ID + "-key.pem"), DevPki.pem(issued.key()));
        DevPki.writePkcs12(folder.resolve(ID + ".p12"), issued.key(), List.of(issued.certificate()), P12_PASSWORD.toCharArray(), ID);
    }

    private static void ownerOnly(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: left to the folder's permissions.
        }
    }
}
