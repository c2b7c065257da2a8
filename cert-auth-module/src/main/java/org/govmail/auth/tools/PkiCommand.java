package org.govmail.auth.tools;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.cert.Certificates;
import org.govmail.auth.devpki.DevPki;
import org.govmail.auth.devpki.DevPki.Scheme;
import org.govmail.auth.devpki.PkiBuilder.Issued;
import org.govmail.auth.identity.DevIdentityProvider;
import org.govmail.auth.identity.IdentityAssertionSigner;
import org.govmail.auth.identity.IdentityProvider;
import org.govmail.auth.keys.EncryptedKeyScheme;
import org.govmail.auth.keys.GovmailKeyException;
import org.govmail.auth.keys.KoreanPrivateKeys;
import org.govmail.auth.keys.Pkcs12Export;

/**
 * {@code scripts/govmail-pki}: hands out certificates of the development PKI (as GPKI users hold them:
 * {@code signCert.der} + a SEED-encrypted {@code signPri.key}, plus a PKCS#12 for mail clients),
 * revokes them, converts a real GPKI/EPKI key pair into a PKCS#12 file, and signs identity assertions
 * with the development identity provider (sign-up step 2 without a real mobile/i-PIN provider).
 *
 * <p>Passwords are never command-line arguments (they would show in {@code ps} and shell history):
 * they come from the terminal, or from the environment variables named in {@link #usage()} for scripts.
 */
public final class PkiCommand {
    static final int OK = 0;
    static final int USAGE = 64;
    static final int BAD_INPUT = 65;
    static final int IO_ERROR = 74;
    private static final int MIN_PASSWORD_LENGTH = 8;

    /** Where passwords come from: the terminal, or a test. */
    @FunctionalInterface
    public interface PasswordPrompt {
        Optional<char[]> ask(String question);
    }

    private final Map<String, String> environment;
    private final PasswordPrompt prompt;
    private final PrintStream out;
    private final PrintStream err;

    public PkiCommand(Map<String, String> environment, PasswordPrompt prompt, PrintStream out, PrintStream err) {
        this.environment = Map.copyOf(environment);
        this.prompt = prompt;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        Console console = System.console();
        PasswordPrompt prompt = question -> console == null
            ? Optional.empty() : Optional.ofNullable(console.readPassword("%s", question));
        System.exit(new PkiCommand(System.getenv(), prompt, System.out, System.err).run(List.of(args)));
    }

    public int run(List<String> args) {
        if (args.isEmpty()) {
            return usage();
        }
        Map<String, String> options;
        try {
            options = options(args.subList(1, args.size()));
        } catch (IllegalArgumentException e) {
            err.println("govmail-pki: " + e.getMessage());
            return usage();
        }
        try {
            return switch (args.get(0)) {
                case "issue" -> issue(options);
                case "revoke" -> revoke(options);
                case "convert" -> convert(options);
                case "identity-assertion" -> identityAssertion(options);
                default -> usage();
            };
        } catch (IOException e) {
            err.println("govmail-pki: " + e.getMessage());
            return IO_ERROR;
        } catch (GovmailKeyException e) {
            err.println("govmail-pki: " + e.problem() + ": " + e.getMessage());
            return BAD_INPUT;
        } catch (GovmailAuthException e) {
            err.println("govmail-pki: " + e.reason() + ": " + e.getMessage());
            return BAD_INPUT;
        } catch (IllegalArgumentException e) {
            err.println("govmail-pki: " + e.getMessage());
            return BAD_INPUT;
        }
    }

    private int usage() {
        err.println("""
            usage:
              govmail-pki issue --name NAME [--scheme GPKI|EPKI|NPKI] [--institution INSTITUTION] [--days DAYS]
                                [--out FOLDER] [--pki FOLDER]
                  A certificate for NAME from the development PKI, written as FOLDER/signCert.der,
                  FOLDER/signPri.key (encrypted like a GPKI key: seedCBCWithSHA1) and FOLDER/signCert.p12
                  (for mail clients, same password). Password: GOVMAIL_PKI_PASSWORD or asked.
              govmail-pki revoke --cert FILE [--pki FOLDER]
                  Adds the certificate to its development CA's CRL (the server reads it at the next login).
              govmail-pki convert --cert signCert.der --key signPri.key [--out FILE.p12]
                  A real GPKI/EPKI key pair (key encrypted with SEED or PBES2) as one PKCS#12 file.
                  Passwords: GOVMAIL_KEY_PASSWORD (the key's) and GOVMAIL_P12_PASSWORD (the new file's;
                  defaults to the key's), or asked.
              govmail-pki identity-assertion --name NAME --birthdate YYYY-MM-DD [--method mobile|ipin]
                                [--valid-seconds SECONDS] [--identity FOLDER] [--provider ID] [--kid KEY_ID]
                  Prints a fresh identity assertion (sign-up step 2) signed by the development identity
                  provider, as a real mobile/i-PIN provider would hand it over. --method defaults to mobile;
                  --valid-seconds adds an exp claim; --provider and --kid default to govmail-dev and
                  govmail-dev-1, the names conf/identity-providers.xml gives the development provider.
            --pki defaults to var/pki/dev (the server's development PKI), --identity to var/identity/dev
            (the development identity provider's key pair). Exit codes: 0 done, 64 usage,
            65 refused input (wrong password, key of another certificate, ...), 74 file error.""");
        return USAGE;
    }

    private int issue(Map<String, String> options) throws IOException, GovmailKeyException {
        String name = required(options, "name");
        Scheme scheme = scheme(options.getOrDefault("scheme", "GPKI"));
        String institution = options.getOrDefault("institution", scheme == Scheme.EPKI ? "서울특별시교육청" : "행정안전부");
        long days = Long.parseLong(options.getOrDefault("days", "365"));
        Path folder = Path.of(options.getOrDefault("out", name));
        char[] password = password("GOVMAIL_PKI_PASSWORD", "Password for the new key: ", true);

        DevPki pki = DevPki.load(pkiFolder(options));
        Instant now = Instant.now();
        Issued issued = pki.issue(scheme, name, institution,
            spec -> spec.validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(days))));
        Files.createDirectories(folder);
        Files.write(folder.resolve("signCert.der"), encoded(issued.certificate()));
        write(folder.resolve("signPri.key"),
            KoreanPrivateKeys.encrypt(issued.key(), password, EncryptedKeyScheme.SEED_CBC_WITH_SHA1));
        write(folder.resolve("signCert.p12"), Pkcs12Export.toPkcs12(issued.certificate(),
            List.of(pki.ca(scheme).certificate()), issued.key(), password, Pkcs12Export.DEFAULT_ALIAS));
        Arrays.fill(password, '\0');
        out.println("subject:     " + issued.certificate().getSubjectX500Principal().getName());
        out.println("fingerprint: " + Certificates.fingerprint(issued.certificate()));
        out.println("valid until: " + issued.certificate().getNotAfter().toInstant());
        out.println("written:     " + folder.resolve("signCert.der") + ", signPri.key, signCert.p12");
        return OK;
    }

    private int revoke(Map<String, String> options) throws IOException, GovmailAuthException {
        X509Certificate certificate = Certificates.parse(Files.readAllBytes(Path.of(required(options, "cert"))));
        DevPki pki = DevPki.load(pkiFolder(options));
        for (Scheme scheme : Scheme.values()) {
            if (pki.ca(scheme).subject().equals(certificate.getIssuerX500Principal())) {
                pki.revoke(scheme, certificate);
                out.println("revoked " + Certificates.fingerprint(certificate) + " in " + pki.crlFile(scheme));
                return OK;
            }
        }
        err.println("govmail-pki: the certificate was not issued by this development PKI ("
            + certificate.getIssuerX500Principal().getName() + ")");
        return BAD_INPUT;
    }

    private int convert(Map<String, String> options) throws IOException, GovmailKeyException {
        byte[] certificate = Files.readAllBytes(Path.of(required(options, "cert")));
        byte[] key = Files.readAllBytes(Path.of(required(options, "key")));
        Path target = Path.of(options.getOrDefault("out", "signCert.p12"));
        if (Files.exists(target)) {
            throw new IOException(target + " exists; choose another --out");
        }
        char[] keyPassword = password("GOVMAIL_KEY_PASSWORD", "Password of the private key: ", false);
        char[] pkcs12Password = pkcs12Password(keyPassword);
        byte[] pkcs12 = Pkcs12Export.convert(certificate, key, keyPassword, pkcs12Password);
        Arrays.fill(keyPassword, '\0');
        write(target, pkcs12);
        out.println("written: " + target + " (import it in the mail client as its client certificate)");
        return OK;
    }

    private int identityAssertion(Map<String, String> options) throws IOException {
        String name = required(options, "name");
        LocalDate birthDate;
        try {
            birthDate = LocalDate.parse(required(options, "birthdate"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--birthdate must be YYYY-MM-DD");
        }
        String method = options.getOrDefault("method", IdentityProvider.MOBILE);
        if (!IdentityProvider.METHODS.contains(method)) {
            throw new IllegalArgumentException("--method must be mobile or ipin, not " + method);
        }
        IdentityAssertionSigner signer = DevIdentityProvider.signer(Path.of(options.getOrDefault("identity", "var/identity/dev")),
            options.getOrDefault("provider", DevIdentityProvider.PROVIDER_ID), options.getOrDefault("kid", DevIdentityProvider.KEY_ID));
        Instant now = Instant.now();
        Map<String, Object> claims = signer.claims(name, birthDate, method, now);
        if (options.containsKey("valid-seconds")) {
            claims.put("exp", now.plusSeconds(Long.parseLong(options.get("valid-seconds"))).getEpochSecond());
        }
        // The assertion alone on stdout, so scripts can capture it: ASSERTION=$(govmail-pki identity-assertion ...)
        out.println(signer.sign(claims));
        return OK;
    }

    /** The new file's password: GOVMAIL_P12_PASSWORD, else asked (empty answer: the key's own). */
    private char[] pkcs12Password(char[] keyPassword) {
        String value = environment.get("GOVMAIL_P12_PASSWORD");
        if (value != null) {
            return checked(value.toCharArray(), true);
        }
        if (environment.containsKey("GOVMAIL_KEY_PASSWORD")) {
            return keyPassword.clone();
        }
        char[] answer = prompt.ask("Password for the PKCS#12 file (Enter: the key's password): ").orElse(new char[0]);
        return answer.length == 0 ? keyPassword.clone() : confirmed(answer);
    }

    private char[] confirmed(char[] first) {
        char[] again = prompt.ask("Again: ").orElse(new char[0]);
        if (!Arrays.equals(first, again)) {
            throw new IllegalArgumentException("the passwords differ");
        }
        return checked(first, true);
    }

    private char[] password(String variable, String question, boolean confirm) {
        String value = environment.get(variable);
        if (value != null) {
            return checked(value.toCharArray(), confirm);
        }
        char[] first = prompt.ask(question)
            .orElseThrow(() -> new IllegalArgumentException("no terminal to ask for a password: set " + variable));
        return confirm ? confirmed(first) : first;
    }

    private static char[] checked(char[] password, boolean isNew) {
        if (isNew && password.length < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("a new password needs at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        return password;
    }

    private static Path pkiFolder(Map<String, String> options) throws IOException {
        Path folder = Path.of(options.getOrDefault("pki", "var/pki/dev"));
        if (!DevPki.existsIn(folder)) {
            throw new IOException("no development PKI in " + folder + " (start the server once, or pass --pki)");
        }
        return folder;
    }

    private static byte[] encoded(X509Certificate certificate) throws IOException {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
    }

    /** Key material is readable by its owner only. */
    private static void write(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static Map<String, String> options(List<String> args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            String option = args.get(i);
            if (!option.startsWith("--") || i + 1 >= args.size()) {
                throw new IllegalArgumentException("expected --option value, got " + option);
            }
            options.put(option.substring(2), args.get(i + 1));
        }
        return options;
    }

    private static Scheme scheme(String name) {
        try {
            return Scheme.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--scheme must be GPKI, EPKI or NPKI, not " + name);
        }
    }
}
