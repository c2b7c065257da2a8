package org.govmail.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.govmail.auth.keys.KoreanPrivateKeysTest.assertProblem;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import org.govmail.auth.keys.GovmailKeyException.Problem;
import org.govmail.auth.keys.TestCredentials.Credential;
import org.junit.jupiter.api.Test;

class Pkcs12ExportTest {
    private static final char[] KEY_PASSWORD = "gpki!Pass123".toCharArray();
    private static final char[] P12_PASSWORD = "export-Pass".toCharArray();

    @Test
    void writesAKeyStoreTheJdkReadsBack() throws Exception {
        Credential user = TestCredentials.RSA;
        X509Certificate issuer = TestCredentials.CA.certificate();

        byte[] p12 = Pkcs12Export.toPkcs12(user.certificate(), List.of(issuer), user.keys().getPrivate(), P12_PASSWORD,
            "hong");

        KeyStore store = load(p12, P12_PASSWORD);
        assertThat(Collections.list(store.aliases())).containsExactly("hong");
        Key key = store.getKey("hong", P12_PASSWORD);
        assertThat(key.getEncoded()).isEqualTo(user.keys().getPrivate().getEncoded());
        Certificate[] chain = store.getCertificateChain("hong");
        assertThat(chain).containsExactly(user.certificate(), issuer);
    }

    @Test
    void supportsEcKeys() throws Exception {
        Credential ec = TestCredentials.EC;

        byte[] p12 = Pkcs12Export.toPkcs12(ec.certificate(), List.of(), ec.keys().getPrivate(), P12_PASSWORD, "ec");

        assertThat(load(p12, P12_PASSWORD).getKey("ec", P12_PASSWORD).getEncoded())
            .isEqualTo(ec.keys().getPrivate().getEncoded());
    }

    @Test
    void refusesAKeyOfAnotherCertificate() {
        assertProblem(() -> Pkcs12Export.toPkcs12(TestCredentials.RSA.certificate(), List.of(),
            TestCredentials.OTHER_RSA.keys().getPrivate(), P12_PASSWORD, "x"), Problem.KEY_DOES_NOT_MATCH_CERTIFICATE);
        assertProblem(() -> Pkcs12Export.toPkcs12(TestCredentials.RSA.certificate(), List.of(),
            TestCredentials.EC.keys().getPrivate(), P12_PASSWORD, "x"), Problem.KEY_DOES_NOT_MATCH_CERTIFICATE);
        assertProblem(() -> Pkcs12Export.toPkcs12(TestCredentials.EC.certificate(), List.of(),
            TestCredentials.ecKeyPair().getPrivate(), P12_PASSWORD, "x"), Problem.KEY_DOES_NOT_MATCH_CERTIFICATE);
    }

    @Test
    void convertsTheFilesAUserHolds() throws Exception {
        Credential user = TestCredentials.RSA;
        byte[] signPriKey = KoreanPrivateKeys.encrypt(user.keys().getPrivate(), KEY_PASSWORD,
            EncryptedKeyScheme.SEED_CBC_WITH_SHA1);

        byte[] p12 = Pkcs12Export.convert(user.certificate().getEncoded(), signPriKey, KEY_PASSWORD, P12_PASSWORD);

        KeyStore store = load(p12, P12_PASSWORD);
        assertThat(store.getKey(Pkcs12Export.DEFAULT_ALIAS, P12_PASSWORD).getEncoded())
            .isEqualTo(user.keys().getPrivate().getEncoded());
        assertThat(store.getCertificate(Pkcs12Export.DEFAULT_ALIAS)).isEqualTo(user.certificate());
    }

    @Test
    void convertTakesAPemChain() throws Exception {
        Credential user = TestCredentials.RSA;
        X509Certificate issuer = TestCredentials.CA.certificate();
        byte[] pem = (pem(user.certificate()) + pem(issuer)).getBytes(StandardCharsets.US_ASCII);
        byte[] key = KoreanPrivateKeys.encrypt(user.keys().getPrivate(), KEY_PASSWORD, EncryptedKeyScheme.PBES2_SEED);

        KeyStore store = load(Pkcs12Export.convert(pem, key, KEY_PASSWORD, P12_PASSWORD), P12_PASSWORD);

        assertThat(store.getCertificateChain(Pkcs12Export.DEFAULT_ALIAS)).containsExactly(user.certificate(), issuer);
    }

    @Test
    void refusesAChainThatDoesNotLinkUp() {
        Credential user = TestCredentials.RSA;

        assertProblem(() -> Pkcs12Export.toPkcs12(user.certificate(), List.of(TestCredentials.OTHER_RSA.certificate()),
            user.keys().getPrivate(), P12_PASSWORD, "x"), Problem.CERTIFICATE_MALFORMED);
    }

    @Test
    void convertReportsEachBadInput() throws Exception {
        Credential user = TestCredentials.RSA;
        byte[] certificate = user.certificate().getEncoded();
        byte[] key = KoreanPrivateKeys.encrypt(user.keys().getPrivate(), KEY_PASSWORD, EncryptedKeyScheme.SEED_CBC);
        byte[] otherKey = KoreanPrivateKeys.encrypt(TestCredentials.OTHER_RSA.keys().getPrivate(), KEY_PASSWORD,
            EncryptedKeyScheme.SEED_CBC);

        assertProblem(() -> Pkcs12Export.convert("not a certificate".getBytes(StandardCharsets.US_ASCII), key,
            KEY_PASSWORD, P12_PASSWORD), Problem.CERTIFICATE_MALFORMED);
        assertProblem(() -> Pkcs12Export.convert(certificate, key, "wrong".toCharArray(), P12_PASSWORD),
            Problem.WRONG_PASSWORD);
        assertProblem(() -> Pkcs12Export.convert(certificate, certificate, KEY_PASSWORD, P12_PASSWORD), Problem.MALFORMED);
        assertProblem(() -> Pkcs12Export.convert(certificate, otherKey, KEY_PASSWORD, P12_PASSWORD),
            Problem.KEY_DOES_NOT_MATCH_CERTIFICATE);
        assertThatThrownBy(() -> Pkcs12Export.convert(certificate, key, KEY_PASSWORD, new char[0]))
            .isInstanceOf(IllegalArgumentException.class);
    }

    private static KeyStore load(byte[] p12, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(p12), password);
        return store;
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(certificate.getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    }
}
