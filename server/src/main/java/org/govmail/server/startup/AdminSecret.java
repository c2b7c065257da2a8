package org.govmail.server.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The super administrator's secret, shared by JMX (and so the James CLI) and WebAdmin.
 *
 * <p>It lives in {@code conf/jmxremote.password} because that is where James' JMX server reads it; on
 * first start a random one is generated there (never a fixed default), readable by the owner only.
 * {@code scripts/james-cli} and {@code scripts/govmail-admin} read it from the same file.
 */
public final class AdminSecret {
    public static final String ADMIN_USER = "james-admin";
    static final String PASSWORD_FILE = "jmxremote.password";
    static final String ACCESS_FILE = "jmxremote.access";

    private final String user;
    private final byte[] secret;

    private AdminSecret(String user, String secret) {
        this.user = user;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public String user() {
        return user;
    }

    /** Constant-time check, so response timing tells an attacker nothing about the secret. */
    public boolean matches(String candidateUser, String candidateSecret) {
        boolean userOk = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8),
            candidateUser.getBytes(StandardCharsets.UTF_8));
        boolean secretOk = MessageDigest.isEqual(secret, candidateSecret.getBytes(StandardCharsets.UTF_8));
        return userOk & secretOk;
    }

    @Override
    public String toString() {
        return "AdminSecret[user=" + user + "]";
    }

    /** Reads the secret, generating it (and the JMX access file) the first time. */
    public static AdminSecret ensure(ServerLayout layout) throws StartupException {
        Path passwordFile = layout.conf(PASSWORD_FILE);
        Path accessFile = layout.conf(ACCESS_FILE);
        try {
            if (!Files.exists(passwordFile)) {
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                writeOwnerOnly(passwordFile, ADMIN_USER + " " + generated + "\n");
            }
            if (!Files.exists(accessFile)) {
                writeOwnerOnly(accessFile, ADMIN_USER + " readwrite\n");
            }
            return parse(passwordFile);
        } catch (IOException e) {
            throw new StartupException(ExitCode.CONFIGURATION, "Cannot create or read " + passwordFile
                + " (the admin secret): " + e.getMessage(), e);
        }
    }

    private static AdminSecret parse(Path passwordFile) throws IOException, StartupException {
        List<String> lines = Files.readAllLines(passwordFile, StandardCharsets.UTF_8);
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+", 2);
            if (parts.length == 2) {
                return new AdminSecret(parts[0], parts[1]);
            }
        }
        throw new StartupException(ExitCode.CONFIGURATION, passwordFile + " holds no '<user> <secret>' line");
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
