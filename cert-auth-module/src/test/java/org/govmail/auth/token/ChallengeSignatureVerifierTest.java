package org.govmail.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSVerifierCertificateNotValidException;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.cert.Certificates;
import org.govmail.auth.devpki.DevPki;
import org.govmail.auth.devpki.PkiBuilder;
import org.govmail.auth.devpki.PkiBuilder.Authority;
import org.govmail.auth.devpki.PkiBuilder.Issued;
import org.govmail.auth.devpki.PkiBuilder.UserSpec;
import org.govmail.auth.token.ChallengeSignatureVerifier.Format;
import org.govmail.auth.token.ChallengeSignatureVerifier.SignedChallenge;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every acceptance and refusal of {@link ChallengeSignatureVerifier}, with real keys: CMS made by Bouncy
 * Castle's generator (and by the openssl binary when there is one), RAW signatures made with the JDK.
 * Signing uses a Bouncy Castle provider instance (for PSS); verifying uses the JDK's providers only, as
 * the server does.
 */
class ChallengeSignatureVerifierTest {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final String NONCE = "nonce-" + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(new SecureRandom().generateSeed(24));
    private static final byte[] CONTENT = NONCE.getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_CONTENT = "another nonce".getBytes(StandardCharsets.UTF_8);

    private static Issued user;
    private static Issued colleague;
    /** Same issuer, expired a year ago: signingTime (now) is outside its validity. */
    private static Issued expired;

    private final ChallengeSignatureVerifier verifier = new ChallengeSignatureVerifier();

    @BeforeAll
    static void pki() {
        Instant now = Instant.now();
        Authority root = PkiBuilder.root("CN=GPKI Root, O=Government of Korea, C=KR", now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(3650)));
        Authority ca = PkiBuilder.intermediate(root, "CN=CA134100031, OU=GPKI, O=Government of Korea, C=KR",
            now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1000)));
        user = PkiBuilder.issue(ca, UserSpec.user("CN=043김선우01, OU=people, O=Government of Korea, C=KR",
            DevPki.GPKI_USER_POLICY));
        colleague = PkiBuilder.issue(ca, UserSpec.user("CN=043이하늘01, OU=people, O=Government of Korea, C=KR",
            DevPki.GPKI_USER_POLICY));
        expired = PkiBuilder.issue(ca, UserSpec.user("CN=043박서준01, OU=people, O=Government of Korea, C=KR",
            DevPki.GPKI_USER_POLICY).validity(now.minus(Duration.ofDays(730)), now.minus(Duration.ofDays(365))));
    }

    // Accepted CMS

    @Test
    void acceptsAttachedCmsWithTheCertificateEmbedded() throws Exception {
        byte[] cms = Cms.of(CONTENT, user).attached().embed(user.certificate()).sign();

        assertThat(verifier.verify(CONTENT, cms(cms))).isEqualTo(user.certificate());
    }

    @Test
    void acceptsDetachedCmsWithTheCertificateSupplied() throws Exception {
        byte[] cms = Cms.of(CONTENT, user).algorithm("SHA512withRSA").sign();

        assertThat(verifier.verify(CONTENT, cms(cms, user.certificate()))).isEqualTo(user.certificate());
    }

    @Test
    void acceptsCmsWithoutSignedAttributes() throws Exception {
        byte[] detached = Cms.of(CONTENT, user).withoutAttributes().sign();
        byte[] attached = Cms.of(CONTENT, user).withoutAttributes().attached().embed(user.certificate()).sign();

        assertThat(verifier.verify(CONTENT, cms(detached, user.certificate()))).isEqualTo(user.certificate());
        assertThat(verifier.verify(CONTENT, cms(attached))).isEqualTo(user.certificate());
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHA256withRSAandMGF1", "SHA384withRSAandMGF1", "SHA512withRSAandMGF1"})
    void acceptsPss(String algorithm) throws Exception {
        byte[] withAttributes = Cms.of(CONTENT, user).algorithm(algorithm).attached().embed(user.certificate()).sign();
        byte[] withoutAttributes = Cms.of(CONTENT, user).algorithm(algorithm).withoutAttributes().sign();

        assertThat(verifier.verify(CONTENT, cms(withAttributes))).isEqualTo(user.certificate());
        assertThat(verifier.verify(CONTENT, cms(withoutAttributes, user.certificate()))).isEqualTo(user.certificate());
    }

    @Test
    void acceptsTheSuppliedCertificateWhenItIsAlsoEmbedded() throws Exception {
        byte[] cms = Cms.of(CONTENT, user).embed(colleague.certificate(), user.certificate()).sign();

        assertThat(verifier.verify(CONTENT, cms(cms, user.certificate()))).isEqualTo(user.certificate());
        assertThat(verifier.verify(CONTENT, cms(cms))).isEqualTo(user.certificate());
    }

    @Test
    void acceptsASignerNamedBySubjectKeyIdentifier() throws Exception {
        byte[] cms = Cms.of(CONTENT, user).bySubjectKeyIdentifier().attached().embed(user.certificate()).sign();

        assertThat(verifier.verify(CONTENT, cms(cms))).isEqualTo(user.certificate());
        assertThat(verifier.verify(CONTENT, cms(cms, user.certificate()))).isEqualTo(user.certificate());
    }

    /** The certificate's validity is the validator's call: a signingTime after notAfter is not refused here. */
    @Test
    void acceptsASigningTimeOutsideTheCertificatesValidity() throws Exception {
        byte[] cms = Cms.of(CONTENT, expired).attached().embed(expired.certificate()).sign();

        assertThat(verifier.verify(CONTENT, cms(cms))).isEqualTo(expired.certificate());
        assertThat(verifier.verify(CONTENT, cms(cms, expired.certificate()))).isEqualTo(expired.certificate());
        // What the verifier steers clear of: given the certificate, Bouncy Castle itself refuses.
        SignerInformation signer = new CMSSignedData(cms).getSignerInfos().getSigners().iterator().next();
        assertThatThrownBy(() -> signer.verify(
            new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(expired.certificate())))
            .isInstanceOf(CMSVerifierCertificateNotValidException.class);
    }

    @Test
    void acceptsAPemCertificate() throws Exception {
        byte[] cms = Cms.of(CONTENT, user).sign();
        byte[] pem = Certificates.toPem(user.certificate()).getBytes(StandardCharsets.US_ASCII);

        assertThat(verifier.verify(CONTENT, new SignedChallenge(Format.CMS, cms, Optional.empty(), Optional.of(pem))))
            .isEqualTo(user.certificate());
    }

    // Accepted RAW

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"})
    void acceptsRawSignatures(String algorithm) throws Exception {
        byte[] signature = raw(algorithm, user.key(), CONTENT);

        assertThat(verifier.verify(CONTENT, raw(signature, algorithm, user.certificate()))).isEqualTo(user.certificate());
    }

    // SIGNATURE_CONTENT_MISMATCH

    @Test
    void refusesAttachedCmsOverOtherContent() throws Exception {
        byte[] withAttributes = Cms.of(OTHER_CONTENT, user).attached().embed(user.certificate()).sign();
        byte[] withoutAttributes = Cms.of(OTHER_CONTENT, user).attached().withoutAttributes().sign();

        assertRefused(CONTENT, cms(withAttributes), Reason.SIGNATURE_CONTENT_MISMATCH);
        assertRefused(CONTENT, cms(withoutAttributes, user.certificate()), Reason.SIGNATURE_CONTENT_MISMATCH);
    }

    @Test
    void refusesAttachedCmsOverAPrefixOfTheChallenge() throws Exception {
        byte[] prefix = NONCE.substring(0, NONCE.length() - 1).getBytes(StandardCharsets.UTF_8);
        byte[] cms = Cms.of(prefix, user).attached().embed(user.certificate()).sign();

        assertRefused(CONTENT, cms(cms), Reason.SIGNATURE_CONTENT_MISMATCH);
    }

    @Test
    void refusesDetachedCmsWithSignedAttributesOverOtherContent() throws Exception {
        byte[] cms = Cms.of(OTHER_CONTENT, user).embed(user.certificate()).sign();

        assertRefused(CONTENT, cms(cms), Reason.SIGNATURE_CONTENT_MISMATCH);
        assertRefused(CONTENT, cms(cms, user.certificate()), Reason.SIGNATURE_CONTENT_MISMATCH);
    }

    // SIGNATURE_INVALID

    /** Without signed attributes there is no digest to compare: the RSA signature itself fails. */
    @Test
    void refusesDetachedCmsWithoutSignedAttributesOverOtherContent() throws Exception {
        byte[] cms = Cms.of(OTHER_CONTENT, user).withoutAttributes().sign();

        assertRefused(CONTENT, cms(cms, user.certificate()), Reason.SIGNATURE_INVALID);
    }

    @Test
    void refusesCmsSignedWithAnotherKeyThanTheCertificates() throws Exception {
        Issued impostor = new Issued(user.certificate(), colleague.key());
        byte[] embedded = Cms.of(CONTENT, impostor).attached().embed(user.certificate()).sign();
        byte[] detached = Cms.of(CONTENT, impostor).withoutAttributes().sign();

        assertRefused(CONTENT, cms(embedded), Reason.SIGNATURE_INVALID);
        assertRefused(CONTENT, cms(embedded, user.certificate()), Reason.SIGNATURE_INVALID);
        assertRefused(CONTENT, cms(detached, user.certificate()), Reason.SIGNATURE_INVALID);
    }

    @Test
    void refusesASuppliedCertificateThatIsNotTheCmsSigner() throws Exception {
        byte[] cms = Cms.of(CONTENT, user).attached().embed(user.certificate()).sign();
        byte[] bySki = Cms.of(CONTENT, user).bySubjectKeyIdentifier().sign();

        assertRefused(CONTENT, cms(cms, colleague.certificate()), Reason.SIGNATURE_INVALID);
        assertRefused(CONTENT, cms(bySki, colleague.certificate()), Reason.SIGNATURE_INVALID);
    }

    /** Same key, another certificate: only the signer identifier tells them apart. */
    @Test
    void refusesASuppliedCertificateOfTheSignersKeyThatTheSignerDoesNotName() throws Exception {
        X509Certificate twin = selfSigned(new KeyPair(user.certificate().getPublicKey(), user.key()),
            "SHA256withRSA", "CN=043김선우01 twin, C=KR");
        byte[] cms = Cms.of(CONTENT, user).attached().sign();

        assertThat(verifier.verify(CONTENT, cms(cms, user.certificate()))).isEqualTo(user.certificate());
        assertRefused(CONTENT, cms(cms, twin), Reason.SIGNATURE_INVALID);
    }

    @Test
    void refusesACorruptedCmsSignatureValue() throws Exception {
        for (Cms cms : List.of(Cms.of(CONTENT, user).attached().embed(user.certificate()),
            Cms.of(CONTENT, user).withoutAttributes().embed(user.certificate()))) {
            byte[] encoded = cms.sign();
            byte[] signatureValue = new CMSSignedData(encoded).getSignerInfos().getSigners().iterator().next()
                .getSignature();
            int at = indexOf(encoded, signatureValue);
            assertThat(at).isNotNegative();
            encoded[at + signatureValue.length / 2] ^= 0x01;

            assertRefused(CONTENT, cms(encoded), Reason.SIGNATURE_INVALID);
        }
    }

    @Test
    void refusesRawSignaturesByAnotherKeyOrOverOtherContent() throws Exception {
        assertRefused(CONTENT, raw(raw("RS256", colleague.key(), CONTENT), "RS256", user.certificate()),
            Reason.SIGNATURE_INVALID);
        assertRefused(CONTENT, raw(raw("PS256", user.key(), OTHER_CONTENT), "PS256", user.certificate()),
            Reason.SIGNATURE_INVALID);
        // A PKCS#1 v1.5 signature is not a PSS one, nor SHA-256 one a SHA-512 one.
        assertRefused(CONTENT, raw(raw("RS256", user.key(), CONTENT), "PS256", user.certificate()),
            Reason.SIGNATURE_INVALID);
        assertRefused(CONTENT, raw(raw("RS256", user.key(), CONTENT), "RS512", user.certificate()),
            Reason.SIGNATURE_INVALID);
    }

    @Test
    void refusesARawSignatureOfTheWrongLength() throws Exception {
        byte[] signature = raw("RS256", user.key(), CONTENT);
        byte[] shorter = Arrays.copyOf(signature, signature.length - 1);

        assertRefused(CONTENT, raw(shorter, "RS256", user.certificate()), Reason.SIGNATURE_INVALID);
        assertRefused(CONTENT, raw(new byte[] {1, 2, 3}, "PS256", user.certificate()), Reason.SIGNATURE_INVALID);
    }

    // SIGNATURE_MALFORMED

    @Test
    void refusesBytesThatAreNotCms() throws Exception {
        byte[] garbage = new byte[300];
        new SecureRandom().nextBytes(garbage);
        byte[] data = new ContentInfo(CMSObjectIdentifiers.data, new DEROctetString(CONTENT)).getEncoded();
        byte[] cms = Cms.of(CONTENT, user).attached().embed(user.certificate()).sign();
        byte[] truncated = Arrays.copyOf(cms, cms.length / 2);
        byte[] trailing = Arrays.copyOf(cms, cms.length + 1);

        assertRefused(CONTENT, cms(garbage, user.certificate()), Reason.SIGNATURE_MALFORMED);
        assertRefused(CONTENT, cms(CONTENT, user.certificate()), Reason.SIGNATURE_MALFORMED);
        assertRefused(CONTENT, cms(data, user.certificate()), Reason.SIGNATURE_MALFORMED);
        assertRefused(CONTENT, cms(truncated), Reason.SIGNATURE_MALFORMED);
        assertRefused(CONTENT, cms(trailing), Reason.SIGNATURE_MALFORMED);
    }

    /** A login signs plain data; a signed object of another type is something else the user signed. */
    @Test
    void refusesCmsOverAnotherContentTypeThanData() throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
            .build(new JcaContentSignerBuilder("SHA256withRSA").build(user.key()), user.certificate()));
        ASN1ObjectIdentifier tstInfo = PKCSObjectIdentifiers.id_ct_TSTInfo;
        byte[] cms = generator.generate(new CMSProcessableByteArray(tstInfo, CONTENT), true).getEncoded();

        assertRefused(CONTENT, cms(cms, user.certificate()), Reason.SIGNATURE_MALFORMED);
    }

    @Test
    void refusesEmptyAndOversizedSignatures() {
        byte[] huge = new byte[ChallengeSignatureVerifier.MAX_SIGNATURE_SIZE + 1];

        assertRefused(CONTENT, cms(new byte[0], user.certificate()), Reason.SIGNATURE_MALFORMED);
        assertRefused(CONTENT, raw(new byte[0], "RS256", user.certificate()), Reason.SIGNATURE_MALFORMED);
        assertRefused(CONTENT, cms(huge, user.certificate()), Reason.SIGNATURE_MALFORMED);
        assertRefused(CONTENT, raw(huge, "RS256", user.certificate()), Reason.SIGNATURE_MALFORMED);
    }

    @Test
    void refusesCmsWithoutTheSignersCertificate() throws Exception {
        byte[] none = Cms.of(CONTENT, user).attached().sign();
        byte[] someoneElses = Cms.of(CONTENT, user).attached().embed(colleague.certificate()).sign();

        assertRefused(CONTENT, cms(none), Reason.SIGNATURE_MALFORMED);
        assertRefused(CONTENT, cms(someoneElses), Reason.SIGNATURE_MALFORMED);
    }

    @Test
    void refusesCmsWithNoneOrTwoSigners() throws Exception {
        byte[] two = Cms.of(CONTENT, user).alsoSignedBy(colleague).attached()
            .embed(user.certificate(), colleague.certificate()).sign();
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addCertificates(new JcaCertStore(List.of(user.certificate())));
        byte[] none = generator.generate(new CMSProcessableByteArray(CONTENT), true).getEncoded();

        assertRefused(CONTENT, cms(two), Reason.SIGNATURE_MALFORMED);
        assertRefused(CONTENT, cms(two, user.certificate()), Reason.SIGNATURE_MALFORMED);
        assertRefused(CONTENT, cms(none, user.certificate()), Reason.SIGNATURE_MALFORMED);
    }

    @Test
    void refusesRawWithoutCertificateOrAlgorithm() throws Exception {
        byte[] signature = raw("RS256", user.key(), CONTENT);

        assertRefused(CONTENT, new SignedChallenge(Format.RAW, signature, Optional.of("RS256"), Optional.empty()),
            Reason.SIGNATURE_MALFORMED);
        assertRefused(CONTENT, new SignedChallenge(Format.RAW, signature, Optional.empty(),
            Optional.of(user.certificate().getEncoded())), Reason.SIGNATURE_MALFORMED);
    }

    // SIGNATURE_ALGORITHM_UNSUPPORTED

    @Test
    void refusesSha1() throws Exception {
        byte[] attached = Cms.of(CONTENT, user).algorithm("SHA1withRSA").attached().embed(user.certificate()).sign();
        byte[] noAttributes = Cms.of(CONTENT, user).algorithm("SHA1withRSA").withoutAttributes().sign();
        byte[] pss = Cms.of(CONTENT, user).algorithm("SHA1withRSAandMGF1").sign();

        assertRefused(CONTENT, cms(attached), Reason.SIGNATURE_ALGORITHM_UNSUPPORTED);
        assertRefused(CONTENT, cms(noAttributes, user.certificate()), Reason.SIGNATURE_ALGORITHM_UNSUPPORTED);
        assertRefused(CONTENT, cms(pss, user.certificate()), Reason.SIGNATURE_ALGORITHM_UNSUPPORTED);
    }

    /** Neither the JDK nor Bouncy Castle names this combination, so the signer is made here. */
    @Test
    void refusesPssWhoseMaskHashIsNotTheDigest() throws Exception {
        PSSParameterSpec sha1Mask = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA1, 32, 1);
        AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
        AlgorithmIdentifier sha1 = new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1, DERNull.INSTANCE);
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS,
            new RSASSAPSSparams(sha256, new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha1),
                new ASN1Integer(32), new ASN1Integer(1)));
        Signature jdk = Signature.getInstance("RSASSA-PSS");
        jdk.setParameter(sha1Mask);
        jdk.initSign(user.key());
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        ContentSigner signer = new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return algorithm;
            }

            @Override
            public OutputStream getOutputStream() {
                return signed;
            }

            @Override
            public byte[] getSignature() {
                try {
                    jdk.update(signed.toByteArray());
                    return jdk.sign();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
            new JcaDigestCalculatorProviderBuilder().build()).build(signer, user.certificate()));
        byte[] cms = generator.generate(new CMSProcessableByteArray(CONTENT), false).getEncoded();

        assertRefused(CONTENT, cms(cms, user.certificate()), Reason.SIGNATURE_ALGORITHM_UNSUPPORTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "none", "rs256", "ES256", "RS1", "RS256 ", ""})
    void refusesOtherRawAlgorithmNames(String name) throws Exception {
        byte[] signature = raw("RS256", user.key(), CONTENT);

        assertRefused(CONTENT, raw(signature, name, user.certificate()), Reason.SIGNATURE_ALGORITHM_UNSUPPORTED);
    }

    @Test
    void refusesAnEcCertificate() throws Exception {
        Issued ec = selfSignedEc();
        byte[] cms = Cms.of(CONTENT, ec).algorithm("SHA256withECDSA").attached().embed(ec.certificate()).sign();
        Signature es256 = Signature.getInstance("SHA256withECDSA");
        es256.initSign(ec.key());
        es256.update(CONTENT);
        byte[] rawSignature = es256.sign();

        assertRefused(CONTENT, cms(cms), Reason.SIGNATURE_ALGORITHM_UNSUPPORTED);
        assertRefused(CONTENT, cms(cms, ec.certificate()), Reason.SIGNATURE_ALGORITHM_UNSUPPORTED);
        assertRefused(CONTENT, raw(rawSignature, "RS256", ec.certificate()), Reason.SIGNATURE_ALGORITHM_UNSUPPORTED);
    }

    // CERT_MALFORMED

    @Test
    void refusesUnreadableCertificateBytes() throws Exception {
        byte[] cms = Cms.of(CONTENT, user).attached().embed(user.certificate()).sign();
        byte[] rawSignature = raw("RS256", user.key(), CONTENT);
        byte[] certificate = user.certificate().getEncoded();
        byte[] truncated = Arrays.copyOf(certificate, certificate.length - 10);
        byte[] text = "not a certificate".getBytes(StandardCharsets.US_ASCII);

        for (byte[] bad : List.of(truncated, text, new byte[0])) {
            assertRefused(CONTENT, cms(cms, bad), Reason.CERT_MALFORMED);
            assertRefused(CONTENT, raw(rawSignature, "RS256", bad), Reason.CERT_MALFORMED);
        }
    }

    // The request record

    @Test
    void signedChallengeCopiesItsArraysAndDoesNotPrintTheSignature() {
        byte[] signature = {1, 2, 3};
        byte[] certificate = {4, 5};
        SignedChallenge signed = new SignedChallenge(Format.RAW, signature, Optional.of("RS256"), Optional.of(certificate));
        signature[0] = 9;
        certificate[0] = 9;
        signed.signature()[1] = 9;
        signed.certificate().orElseThrow()[1] = 9;

        assertThat(signed.signature()).containsExactly(1, 2, 3);
        assertThat(signed.certificate()).hasValueSatisfying(der -> assertThat(der).containsExactly(4, 5));
        assertThat(signed).isEqualTo(new SignedChallenge(Format.RAW, new byte[] {1, 2, 3}, Optional.of("RS256"),
            Optional.of(new byte[] {4, 5})));
        assertThat(signed.toString()).contains("3 signature bytes").doesNotContain("[B@");
        assertThat(new SignedChallenge(Format.CMS, null, null, null))
            .satisfies(empty -> assertThat(empty.signature()).isEmpty())
            .satisfies(empty -> assertThat(empty.algorithm()).isEmpty())
            .satisfies(empty -> assertThat(empty.certificate()).isEmpty());
    }

    // openssl, as a browser module or an operator would sign

    /** {@code openssl cms -sign} in its usual shapes; skipped where there is no openssl binary. */
    @ParameterizedTest
    @ValueSource(strings = {"-nodetach", "", "-nodetach -noattr", "-noattr", "-nodetach -keyid", "-nodetach -nocerts"})
    void acceptsOpensslCms(String options, @TempDir Path directory) throws Exception {
        assumeTrue(opensslAvailable(), "no openssl binary");
        Path nonce = Files.write(directory.resolve("nonce.txt"), CONTENT);
        Path certificate = Files.writeString(directory.resolve("user.pem"),
            Certificates.toPem(user.certificate()));
        Path key = Files.writeString(directory.resolve("user.key"), privateKeyPem(user.key()));
        Path out = directory.resolve("signature.der");
        List<String> command = new ArrayList<>(List.of("openssl", "cms", "-sign", "-binary", "-md", "sha256",
            "-in", nonce.toString(), "-signer", certificate.toString(), "-inkey", key.toString(),
            "-outform", "DER", "-out", out.toString()));
        if (!options.isEmpty()) {
            command.addAll(List.of(options.split(" ")));
        }
        run(command);
        byte[] signature = Files.readAllBytes(out);

        boolean certificateEmbedded = !options.contains("-nocerts");
        if (certificateEmbedded) {
            assertThat(verifier.verify(CONTENT, cms(signature))).isEqualTo(user.certificate());
        }
        assertThat(verifier.verify(CONTENT, cms(signature, user.certificate()))).isEqualTo(user.certificate());
        assertThatThrownBy(() -> verifier.verify(OTHER_CONTENT, cms(signature, user.certificate())))
            .isInstanceOf(GovmailAuthException.class);
    }

    /** {@code openssl dgst -sign} gives a RAW RS256 signature; with {@code -sigopt} a PS256 one. */
    @ParameterizedTest
    @ValueSource(strings = {"RS256", "PS256"})
    void acceptsOpensslRawSignatures(String algorithm, @TempDir Path directory) throws Exception {
        assumeTrue(opensslAvailable(), "no openssl binary");
        Path nonce = Files.write(directory.resolve("nonce.txt"), CONTENT);
        Path key = Files.writeString(directory.resolve("user.key"), privateKeyPem(user.key()));
        Path out = directory.resolve("signature.bin");
        List<String> command = new ArrayList<>(List.of("openssl", "dgst", "-sha256", "-sign", key.toString(),
            "-out", out.toString()));
        if (algorithm.equals("PS256")) {
            command.addAll(List.of("-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:digest"));
        }
        command.add(nonce.toString());
        run(command);

        assertThat(verifier.verify(CONTENT, raw(Files.readAllBytes(out), algorithm, user.certificate())))
            .isEqualTo(user.certificate());
    }

    // Helpers

    private void assertRefused(byte[] content, SignedChallenge signed, Reason reason) {
        assertThatThrownBy(() -> verifier.verify(content, signed))
            .isInstanceOfSatisfying(GovmailAuthException.class, e -> {
                assertThat(e.reason()).isEqualTo(reason);
                assertThat(e.getMessage()).doesNotContain(NONCE);
            });
    }

    private static SignedChallenge cms(byte[] signature) {
        return new SignedChallenge(Format.CMS, signature, Optional.empty(), Optional.empty());
    }

    private static SignedChallenge cms(byte[] signature, X509Certificate certificate) {
        try {
            return cms(signature, certificate.getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SignedChallenge cms(byte[] signature, byte[] certificate) {
        return new SignedChallenge(Format.CMS, signature, Optional.empty(), Optional.of(certificate));
    }

    private static SignedChallenge raw(byte[] signature, String algorithm, X509Certificate certificate) {
        try {
            return raw(signature, algorithm, certificate.getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SignedChallenge raw(byte[] signature, String algorithm, byte[] certificate) {
        return new SignedChallenge(Format.RAW, signature, Optional.of(algorithm), Optional.of(certificate));
    }

    /** A RAW signature as a browser module makes one, with the JDK's own providers. */
    private static byte[] raw(String jose, PrivateKey key, byte[] content) throws Exception {
        String hash = "SHA-" + jose.substring(2);
        Signature signature;
        if (jose.startsWith("PS")) {
            signature = Signature.getInstance("RSASSA-PSS");
            signature.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash),
                Integer.parseInt(jose.substring(2)) / 8, 1));
        } else {
            signature = Signature.getInstance("SHA" + jose.substring(2) + "withRSA");
        }
        signature.initSign(key);
        signature.update(content);
        return signature.sign();
    }

    /** A CMS SignedData over some content, shaped as the test needs. */
    private static final class Cms {
        private final byte[] content;
        private final List<Issued> signers = new ArrayList<>();
        private String algorithm = "SHA256withRSA";
        private AlgorithmParameterSpec parameters;
        private boolean attached;
        private boolean attributes = true;
        private boolean bySubjectKeyIdentifier;
        private final List<X509Certificate> embedded = new ArrayList<>();

        private Cms(byte[] content, Issued signer) {
            this.content = content;
            this.signers.add(signer);
        }

        static Cms of(byte[] content, Issued signer) {
            return new Cms(content, signer);
        }

        Cms algorithm(String name) {
            this.algorithm = name;
            return this;
        }

        Cms algorithm(String name, AlgorithmParameterSpec spec) {
            this.algorithm = name;
            this.parameters = spec;
            return this;
        }

        Cms attached() {
            this.attached = true;
            return this;
        }

        Cms withoutAttributes() {
            this.attributes = false;
            return this;
        }

        Cms bySubjectKeyIdentifier() {
            this.bySubjectKeyIdentifier = true;
            return this;
        }

        Cms embed(X509Certificate... certificates) {
            embedded.addAll(List.of(certificates));
            return this;
        }

        Cms alsoSignedBy(Issued signer) {
            signers.add(signer);
            return this;
        }

        byte[] sign() throws Exception {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            for (Issued signer : signers) {
                JcaContentSignerBuilder signerBuilder = parameters == null
                    ? new JcaContentSignerBuilder(algorithm) : new JcaContentSignerBuilder(algorithm, parameters);
                ContentSigner contentSigner = signerBuilder.setProvider(BC).build(signer.key());
                JcaSignerInfoGeneratorBuilder builder = new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(BC).build()).setDirectSignature(!attributes);
                SignerInfoGenerator info = bySubjectKeyIdentifier
                    ? builder.build(contentSigner, subjectKeyIdentifier(signer.certificate()))
                    : builder.build(contentSigner, signer.certificate());
                generator.addSignerInfoGenerator(info);
            }
            if (!embedded.isEmpty()) {
                generator.addCertificates(new JcaCertStore(embedded));
            }
            return generator.generate(new CMSProcessableByteArray(content), attached).getEncoded();
        }

        private static byte[] subjectKeyIdentifier(X509Certificate certificate) {
            byte[] extension = certificate.getExtensionValue("2.5.29.14");
            return ASN1OctetString.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getOctets();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    /** PkiBuilder makes RSA certificates only; an EC P-256 certificate is built here. */
    private static Issued selfSignedEc() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        return new Issued(selfSigned(keys, "SHA256withECDSA", "CN=EC holder, C=KR"), keys.getPrivate());
    }

    private static X509Certificate selfSigned(KeyPair keys, String algorithm, String subject) throws Exception {
        Instant now = Instant.now();
        X500Name name = new X500Name(subject);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
            Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(30))), name, keys.getPublic());
        return new JcaX509CertificateConverter()
            .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate())));
    }

    private static String privateKeyPem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    }

    private static boolean opensslAvailable() {
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    }
}
