package org.govmail.auth.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.govmail.auth.devpki.DevPki;
import org.govmail.auth.keys.EncryptedKeyScheme;
import org.govmail.auth.keys.KoreanPrivateKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/govmail-pki} as a user runs it: issue, convert, revoke, and the refusals. */
class PkiCommandTest {
    @TempDir
    static Path folder;
    static Path pki;

    @BeforeAll
    static void createPki() throws Exception {
        pki = folder.resolve("pki");
        DevPki.create(pki);
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(Map<String, String> environment, List<String> answers, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Deque<String> typed = new ArrayDeque<>(answers);
        PkiCommand command = new PkiCommand(environment,
            question -> Optional.ofNullable(typed.poll()).map(String::toCharArray),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        int code = command.run(List.of(args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void issuedKeyPairIsHeldLikeAGpkiUsersAndConvertsToPkcs12() throws Exception {
        Path user = folder.resolve("hong");
        Run issued = run(Map.of(), List.of("hong-key-pass", "hong-key-pass"),
            "issue", "--name", "홍길동", "--out", user.toString(), "--pki", pki.toString());
        assertThat(issued.code()).as(issued.err()).isZero();
        assertThat(issued.out()).contains("CN=043홍길동01").contains("fingerprint:");

        byte[] key = Files.readAllBytes(user.resolve("signPri.key"));
        assertThat(KoreanPrivateKeys.schemeOf(key)).isEqualTo(EncryptedKeyScheme.SEED_CBC_WITH_SHA1);
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(user.resolve("signCert.der"))));
        PrivateKey decrypted = KoreanPrivateKeys.decrypt(key, "hong-key-pass".toCharArray());
        assertThat(loadKey(user.resolve("signCert.p12"), "hong-key-pass").getEncoded()).isEqualTo(decrypted.getEncoded());

        Path converted = folder.resolve("converted.p12");
        Run convert = run(Map.of("GOVMAIL_KEY_PASSWORD", "hong-key-pass", "GOVMAIL_P12_PASSWORD", "for-thunderbird"), List.of(),
            "convert", "--cert", user.resolve("signCert.der").toString(), "--key", user.resolve("signPri.key").toString(),
            "--out", converted.toString());
        assertThat(convert.code()).as(convert.err()).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(converted)) {
            store.load(in, "for-thunderbird".toCharArray());
        }
        String alias = store.aliases().nextElement();
        assertThat(store.getCertificate(alias)).isEqualTo(certificate);
        assertThat(store.getKey(alias, "for-thunderbird".toCharArray()).getEncoded()).isEqualTo(decrypted.getEncoded());
    }

    @Test
    void refusalsSayWhyAndWriteNothing() throws Exception {
        Path user = folder.resolve("kim");
        assertThat(run(Map.of("GOVMAIL_PKI_PASSWORD", "kim-key-pass"), List.of(),
            "issue", "--name", "김선우", "--out", user.toString(), "--pki", pki.toString()).code()).isZero();
        Path other = folder.resolve("lee");
        assertThat(run(Map.of("GOVMAIL_PKI_PASSWORD", "lee-key-pass"), List.of(),
            "issue", "--name", "이영희", "--scheme", "EPKI", "--out", other.toString(), "--pki", pki.toString()).code()).isZero();
        Path target = folder.resolve("never.p12");

        Run wrongPassword = run(Map.of("GOVMAIL_KEY_PASSWORD", "not-the-password"), List.of(), "convert",
            "--cert", user.resolve("signCert.der").toString(), "--key", user.resolve("signPri.key").toString(), "--out", target.toString());
        assertThat(wrongPassword.code()).isEqualTo(PkiCommand.BAD_INPUT);
        assertThat(wrongPassword.err()).contains("WRONG_PASSWORD");

        Run mismatch = run(Map.of("GOVMAIL_KEY_PASSWORD", "lee-key-pass"), List.of(), "convert",
            "--cert", user.resolve("signCert.der").toString(), "--key", other.resolve("signPri.key").toString(), "--out", target.toString());
        assertThat(mismatch.code()).isEqualTo(PkiCommand.BAD_INPUT);
        assertThat(mismatch.err()).contains("KEY_DOES_NOT_MATCH_CERTIFICATE");
        assertThat(target).doesNotExist();

        assertThat(run(Map.of(), List.of("short", "short"), "issue", "--name", "박민수", "--out", folder.resolve("park").toString(),
            "--pki", pki.toString()).err()).contains("at least 8");
        assertThat(run(Map.of(), List.of("differs-one", "differs-two"), "issue", "--name", "박민수",
            "--out", folder.resolve("park").toString(), "--pki", pki.toString()).err()).contains("differ");
        assertThat(folder.resolve("park")).doesNotExist();
        assertThat(run(Map.of(), List.of(), "issue", "--name").code()).isEqualTo(PkiCommand.USAGE);
        assertThat(run(Map.of(), List.of(), "issue", "--scheme", "BANK", "--name", "x", "--pki", pki.toString()).err())
            .contains("GPKI, EPKI or NPKI");
    }

    @Test
    void revokeAddsTheCertificateToItsCasCrl() throws Exception {
        Path user = folder.resolve("oh");
        assertThat(run(Map.of("GOVMAIL_PKI_PASSWORD", "oh-key-pass"), List.of(),
            "issue", "--name", "오해진", "--scheme", "EPKI", "--out", user.toString(), "--pki", pki.toString()).code()).isZero();
        Run revoked = run(Map.of(), List.of(), "revoke", "--cert", user.resolve("signCert.der").toString(), "--pki", pki.toString());
        assertThat(revoked.code()).as(revoked.err()).isZero();

        DevPki loaded = DevPki.load(pki);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        X509Certificate certificate = (X509Certificate) factory.generateCertificate(Files.newInputStream(user.resolve("signCert.der")));
        X509CRL crl = (X509CRL) factory.generateCRL(Files.newInputStream(loaded.crlFile(DevPki.Scheme.EPKI)));
        assertThat(crl.isRevoked(certificate)).isTrue();
        X509CRL gpki = (X509CRL) factory.generateCRL(Files.newInputStream(loaded.crlFile(DevPki.Scheme.GPKI)));
        assertThat(gpki.isRevoked(certificate)).isFalse();
    }

    private static PrivateKey loadKey(Path pkcs12, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(pkcs12)) {
            store.load(in, password.toCharArray());
        }
        return (PrivateKey) store.getKey(store.aliases().nextElement(), password.toCharArray());
    }
}
