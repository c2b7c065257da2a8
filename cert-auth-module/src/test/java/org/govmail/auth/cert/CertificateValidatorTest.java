package org.govmail.auth.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.devpki.DevPki;
import org.govmail.auth.devpki.DevPki.Scheme;
import org.govmail.auth.devpki.PkiBuilder;
import org.govmail.auth.devpki.PkiBuilder.Authority;
import org.govmail.auth.devpki.PkiBuilder.Issued;
import org.govmail.auth.revocation.CrlRevocationSource;
import org.govmail.auth.revocation.CrlRevocationSource.RevocationSettings;
import org.govmail.auth.revocation.FileCrlFetcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole bad-certificate matrix against a generated GPKI/EPKI/NPKI-like PKI. */
class CertificateValidatorTest {
    private static final String INSTITUTION = "통계청";
    @TempDir
    static Path folder;
    static DevPki pki;
    static CertificateValidator validator;

    @BeforeAll
    static void createPki() throws Exception {
        pki = DevPki.create(folder.resolve("pki"));
        validator = validatorFor(pki, true);
    }

    static CertificateValidator validatorFor(DevPki pki, boolean requireRevocation) {
        PkiSettings settings = new PkiSettings(List.of(
            new PkiScheme("GPKI", List.of(pki.root(Scheme.GPKI)), List.of(pki.ca(Scheme.GPKI).certificate()),
                List.of("1.2.410.100001.2.1", "1.2.410.100001.2.2"), NameRule.of("CN", "^[0-9]*(?<name>[^0-9]+?)[0-9]*$")),
            new PkiScheme("EPKI", List.of(pki.root(Scheme.EPKI)), List.of(pki.ca(Scheme.EPKI).certificate()),
                List.of("1.2.410.100001.5.3.1"), NameRule.of("CN", "^(?<name>[^0-9()]+?)(\\([^)]*\\))?[0-9]*$"))),
            PkiSettings.DEFAULT_NPKI_ARCS);
        RevocationSettings revocation = new RevocationSettings(
            List.of(pki.crlFile(Scheme.GPKI).toUri(), pki.crlFile(Scheme.EPKI).toUri()), true, requireRevocation,
            Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofDays(1));
        return new CertificateValidator(settings,
            new CrlRevocationSource(revocation, List.of(new FileCrlFetcher(Path::of)), Clock.systemUTC()), Clock.systemUTC());
    }

    private static Reason refusal(X509Certificate... chain) {
        try {
            validator.validate(List.of(chain));
        } catch (GovmailAuthException e) {
            return e.reason();
        }
        throw new AssertionError("accepted");
    }

    private static Reason refusal(byte[] encoded) {
        try {
            validator.validate(encoded);
        } catch (GovmailAuthException e) {
            return e.reason();
        }
        throw new AssertionError("accepted");
    }

    @Test
    void acceptsGpkiCertificateAndReadsTheNameOutOfTheCn() throws Exception {
        Issued issued = pki.issue(Scheme.GPKI, "김선우", INSTITUTION);
        ValidatedCertificate validated = validator.validate(List.of(issued.certificate()));
        assertThat(validated.scheme()).isEqualTo("GPKI");
        assertThat(validated.holderName()).isEqualTo("김선우");
        assertThat(validated.subject()).startsWith("CN=043김선우01,OU=people,OU=통계청");
        assertThat(validated.fingerprint()).hasSize(64).isEqualTo(Certificates.fingerprint(issued.certificate()));
    }

    @Test
    void acceptsEpkiCertificateFromPemToo() throws Exception {
        Issued issued = pki.issue(Scheme.EPKI, "이영희", "서울특별시교육청");
        ValidatedCertificate validated = validator.validate(
            Certificates.toPem(issued.certificate()).getBytes(StandardCharsets.US_ASCII));
        assertThat(validated.scheme()).isEqualTo("EPKI");
        assertThat(validated.holderName()).isEqualTo("이영희");
    }

    @Test
    void nameMatchIsExactCodePointsAfterNfc() throws Exception {
        ValidatedCertificate validated = validator.validate(List.of(pki.issue(Scheme.GPKI, "류시원", INSTITUTION).certificate()));
        CertificateValidator.requireName(validated, "류시원");
        // Decomposed jamo normalise to the same syllables.
        CertificateValidator.requireName(validated, java.text.Normalizer.normalize("류시원", java.text.Normalizer.Form.NFD));
        assertThatThrownBy(() -> CertificateValidator.requireName(validated, "류 시원"))
            .extracting(e -> ((GovmailAuthException) e).reason()).isEqualTo(Reason.CERT_NAME_MISMATCH);
        assertThatThrownBy(() -> CertificateValidator.requireName(validated, "류시원 "))
            .extracting(e -> ((GovmailAuthException) e).reason()).isEqualTo(Reason.CERT_NAME_MISMATCH);
        assertThatThrownBy(() -> CertificateValidator.requireName(validated, "유시원"))
            .extracting(e -> ((GovmailAuthException) e).reason()).isEqualTo(Reason.CERT_NAME_MISMATCH);
    }

    @Test
    void aSpaceInTheCertificateNameIsKept() throws Exception {
        ValidatedCertificate validated = validator.validate(List.of(pki.issue(Scheme.GPKI, "류 시원", INSTITUTION).certificate()));
        assertThat(validated.holderName()).isEqualTo("류 시원");
    }

    @Test
    void refusesNpkiWithItsOwnReason() {
        assertThat(refusal(pki.issue(Scheme.NPKI, "김선우", "yessign").certificate())).isEqualTo(Reason.CERT_NPKI_NOT_ACCEPTED);
        // Even when an NPKI policy appears on a certificate of a trusted CA.
        assertThat(refusal(pki.issue(Scheme.GPKI, "김선우", INSTITUTION,
            spec -> spec.policies(List.of("1.2.410.200004.5.1.1.5"))).certificate())).isEqualTo(Reason.CERT_NPKI_NOT_ACCEPTED);
    }

    @Test
    void refusesSelfSigned() {
        Issued self = PkiBuilder.selfSigned(PkiBuilder.UserSpec.user(DevPki.personSubject(Scheme.GPKI, "김선우", INSTITUTION),
            DevPki.GPKI_USER_POLICY));
        assertThat(refusal(self.certificate())).isEqualTo(Reason.CERT_SELF_SIGNED);
    }

    @Test
    void refusesUnknownRootEvenWhenTheClientSendsIt() {
        Instant now = Instant.now();
        Authority otherRoot = PkiBuilder.root("CN=Root CA, OU=GPKI, O=Government of Korea, C=KR", now.minusSeconds(60), now.plusSeconds(86400));
        Authority otherCa = PkiBuilder.intermediate(otherRoot, "CN=CA131000001, OU=GPKI, O=Government of Korea, C=KR",
            now.minusSeconds(60), now.plusSeconds(86400));
        Issued impostor = PkiBuilder.issue(otherCa, PkiBuilder.UserSpec.user(
            DevPki.personSubject(Scheme.GPKI, "김선우", INSTITUTION), DevPki.GPKI_USER_POLICY));
        assertThat(refusal(impostor.certificate(), otherCa.certificate(), otherRoot.certificate()))
            .isEqualTo(Reason.CERT_UNKNOWN_ISSUER);
    }

    @Test
    void refusesExpiredAndNotYetValid() {
        Instant now = Instant.now();
        assertThat(refusal(pki.issue(Scheme.GPKI, "김선우", INSTITUTION,
            spec -> spec.validity(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1)))).certificate()))
            .isEqualTo(Reason.CERT_EXPIRED);
        assertThat(refusal(pki.issue(Scheme.GPKI, "김선우", INSTITUTION,
            spec -> spec.validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(400)))).certificate()))
            .isEqualTo(Reason.CERT_NOT_YET_VALID);
    }

    @Test
    void refusesCertificateWithoutDigitalSignature() {
        assertThat(refusal(pki.issue(Scheme.GPKI, "김선우", INSTITUTION,
            spec -> spec.keyUsage(KeyUsage.keyEncipherment)).certificate())).isEqualTo(Reason.CERT_KEY_USAGE);
    }

    @Test
    void refusesPolicyOutsideTheScheme() {
        // An EPKI policy on a GPKI-issued certificate, and an unrelated arc that merely shares a prefix.
        assertThat(refusal(pki.issue(Scheme.GPKI, "김선우", INSTITUTION,
            spec -> spec.policies(List.of(DevPki.EPKI_USER_POLICY))).certificate())).isEqualTo(Reason.CERT_POLICY_NOT_ALLOWED);
        assertThat(refusal(pki.issue(Scheme.GPKI, "김선우", INSTITUTION,
            spec -> spec.policies(List.of("1.2.410.100001.21.1"))).certificate())).isEqualTo(Reason.CERT_POLICY_NOT_ALLOWED);
        assertThat(refusal(pki.issue(Scheme.GPKI, "김선우", INSTITUTION,
            spec -> spec.policies(List.of())).certificate())).isEqualTo(Reason.CERT_POLICY_NOT_ALLOWED);
    }

    @Test
    void refusesSubjectWithoutReadableName() {
        Issued noName = PkiBuilder.issue(pki.ca(Scheme.GPKI), PkiBuilder.UserSpec.user(
            "CN=0430001, OU=people, OU=통계청, O=Government of Korea, C=KR", DevPki.GPKI_USER_POLICY));
        assertThat(refusal(noName.certificate())).isEqualTo(Reason.CERT_NAME_UNREADABLE);
    }

    @Test
    void revocationByANewCrlFileTakesEffectOnTheNextCheck() throws Exception {
        DevPki own = DevPki.create(folder.resolve("revocation"));
        CertificateValidator ownValidator = validatorFor(own, true);
        Issued issued = own.issue(Scheme.GPKI, "박민수", INSTITUTION);
        assertThat(ownValidator.validate(List.of(issued.certificate())).holderName()).isEqualTo("박민수");

        Thread.sleep(1100); // a file system with 1 s timestamps must still see a new file
        own.revoke(Scheme.GPKI, issued.certificate());
        assertThatThrownBy(() -> ownValidator.validate(List.of(issued.certificate())))
            .extracting(e -> ((GovmailAuthException) e).reason()).isEqualTo(Reason.CERT_REVOKED);
    }

    @Test
    void missingRevocationInformationIsARefusalUnlessConfiguredOtherwise() throws Exception {
        DevPki own = DevPki.create(folder.resolve("no-crl"));
        Issued issued = own.issue(Scheme.GPKI, "박민수", INSTITUTION);
        Files.delete(own.crlFile(Scheme.GPKI));
        assertThatThrownBy(() -> validatorFor(own, true).validate(List.of(issued.certificate())))
            .extracting(e -> ((GovmailAuthException) e).reason()).isEqualTo(Reason.CERT_REVOCATION_UNAVAILABLE);
        assertThat(validatorFor(own, false).validate(List.of(issued.certificate())).holderName()).isEqualTo("박민수");
    }

    @Test
    void aCrlSignedByAnotherKeyIsNotBelieved() throws Exception {
        DevPki own = DevPki.create(folder.resolve("forged-crl"));
        Issued issued = own.issue(Scheme.GPKI, "박민수", INSTITUTION);
        Instant now = Instant.now();
        Authority forger = PkiBuilder.root(own.ca(Scheme.GPKI).subject().getName(), now.minusSeconds(60), now.plusSeconds(3600));
        Files.write(own.crlFile(Scheme.GPKI), PkiBuilder.crl(forger, java.util.Map.of(), now, now.plusSeconds(3600)).getEncoded());
        assertThatThrownBy(() -> validatorFor(own, true).validate(List.of(issued.certificate())))
            .extracting(e -> ((GovmailAuthException) e).reason()).isEqualTo(Reason.CERT_REVOCATION_UNAVAILABLE);
    }

    @Test
    void malformedInputIsAlwaysAReasonedRefusal() throws Exception {
        byte[] good = pki.issue(Scheme.GPKI, "김선우", INSTITUTION).certificate().getEncoded();
        assertThat(refusal(new byte[0])).isEqualTo(Reason.CERT_MALFORMED);
        assertThat(refusal("hello".getBytes(StandardCharsets.US_ASCII))).isEqualTo(Reason.CERT_MALFORMED);
        assertThat(refusal("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----".getBytes(StandardCharsets.US_ASCII)))
            .isEqualTo(Reason.CERT_MALFORMED);
        assertThat(refusal(new byte[Certificates.MAX_ENCODED_SIZE + 1])).isEqualTo(Reason.CERT_MALFORMED);
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 3);
        assertThat(refusal(trailing)).isEqualTo(Reason.CERT_MALFORMED);
        assertThat(refusal(java.util.Arrays.copyOf(good, good.length / 2))).isEqualTo(Reason.CERT_MALFORMED);

        // Random corruption of a good certificate: a refusal with some reason, never an exception or acceptance.
        Random random = new Random(42);
        for (int i = 0; i < 400; i++) {
            byte[] mutated = good.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 + random.nextInt(255));
            }
            try {
                validator.validate(mutated);
                throw new AssertionError("a corrupted certificate was accepted (iteration " + i + ")");
            } catch (GovmailAuthException expected) {
                assertThat(expected.reason()).isNotNull();
            }
        }
    }

    @Test
    void noCertificateAtAll() {
        assertThatThrownBy(() -> validator.validate(List.<X509Certificate>of()))
            .extracting(e -> ((GovmailAuthException) e).reason()).isEqualTo(Reason.CLIENT_CERT_MISSING);
    }

    @Test
    void distributionPointsAreReadFromTheCertificate() {
        Issued issued = pki.issue(Scheme.GPKI, "김선우", INSTITUTION, spec -> spec
            .distributionPoint(URI.create("ldap://127.0.0.1:389/cn=CRL1P2DP79,cn=CA131000001,ou=GPKI,o=Government%20of%20Korea,c=KR?certificateRevocationList;binary"))
            .distributionPoint(URI.create("http://crl.example/ca.crl")));
        assertThat(CrlRevocationSource.distributionPoints(issued.certificate())).extracting(URI::getScheme)
            .containsExactly("ldap", "http");
    }
}
