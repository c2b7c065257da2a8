package org.govmail.auth.token;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.cert.Certificates;

/**
 * Checks that a login challenge (the nonce's UTF-8 bytes) was signed with the key of a certificate, as a
 * browser's GPKI/EPKI certificate module signs it: CMS SignedData (attached or detached, with or without
 * signed attributes) or a raw RSA signature named by its JOSE algorithm.
 *
 * <p>Only the signature is checked here. Whether the certificate is acceptable (chain, validity, policy,
 * revocation) is the caller's {@code CertificateValidator}'s business, so a signingTime outside the
 * certificate's validity is not a refusal here either. Only RSA with SHA-256/384/512 (PKCS#1 v1.5 or PSS)
 * is accepted: what GPKI/EPKI certificates sign with today, and no SHA-1, which is no longer trusted.
 *
 * <p>Nothing here logs: signatures and nonces are login secrets while the challenge lives.
 */
public final class ChallengeSignatureVerifier {
    /** Far larger than a CMS with a certificate chain; anything bigger is not a challenge signature. */
    public static final int MAX_SIGNATURE_SIZE = 64 * 1024;

    /**
     * Bouncy Castle's CMS verifier asks for PSS as "SHA256WITHRSASSA-PSS" and the like, names the JDK's
     * providers do not offer (they know only "RSASSA-PSS" with parameters); so CMS signatures are checked
     * with this provider instance. It is not registered: nothing else in the server sees it.
     */
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
    private static final Set<ASN1ObjectIdentifier> DIGESTS = Set.of(
        NISTObjectIdentifiers.id_sha256, NISTObjectIdentifiers.id_sha384, NISTObjectIdentifiers.id_sha512);

    public enum Format { CMS, RAW }

    /**
     * What the client sent: the signature bytes, the RAW algorithm name (RAW only), the certificate DER if
     * sent separately. Arrays are copied in and out so a caller cannot change them under the verifier;
     * {@link #toString()} shows sizes only, never the signature.
     */
    public record SignedChallenge(Format format, byte[] signature, Optional<String> algorithm,
                                  Optional<byte[]> certificate) {
        public SignedChallenge {
            Objects.requireNonNull(format, "format");
            signature = signature == null ? new byte[0] : signature.clone();
            algorithm = algorithm == null ? Optional.empty() : algorithm;
            certificate = certificate == null ? Optional.empty() : certificate.map(byte[]::clone);
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }

        @Override
        public Optional<byte[]> certificate() {
            return certificate.map(byte[]::clone);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SignedChallenge that && format == that.format
                && Arrays.equals(signature, that.signature) && algorithm.equals(that.algorithm)
                && certificate.isPresent() == that.certificate.isPresent()
                && (certificate.isEmpty() || Arrays.equals(certificate.get(), that.certificate.get()));
        }

        @Override
        public int hashCode() {
            return Objects.hash(format, Arrays.hashCode(signature), algorithm,
                certificate.map(Arrays::hashCode).orElse(0));
        }

        @Override
        public String toString() {
            return "SignedChallenge[" + format + ", " + signature.length + " signature bytes"
                + algorithm.map(name -> ", " + name).orElse("")
                + certificate.map(der -> ", certificate of " + der.length + " bytes").orElse("") + "]";
        }
    }

    /** The JOSE names accepted for RAW signatures and the JCA signature each stands for. */
    private enum RawAlgorithm {
        RS256("SHA256withRSA", null),
        RS384("SHA384withRSA", null),
        RS512("SHA512withRSA", null),
        PS256("RSASSA-PSS", pss("SHA-256", MGF1ParameterSpec.SHA256, 32)),
        PS384("RSASSA-PSS", pss("SHA-384", MGF1ParameterSpec.SHA384, 48)),
        PS512("RSASSA-PSS", pss("SHA-512", MGF1ParameterSpec.SHA512, 64));

        private final String jcaName;
        private final AlgorithmParameterSpec parameters;

        RawAlgorithm(String jcaName, AlgorithmParameterSpec parameters) {
            this.jcaName = jcaName;
            this.parameters = parameters;
        }

        /** JWA (RFC 7518 section 3.5): MGF1 with the message hash, salt as long as the hash. */
        private static PSSParameterSpec pss(String hash, MGF1ParameterSpec mgf, int saltLength) {
            return new PSSParameterSpec(hash, "MGF1", mgf, saltLength, PSSParameterSpec.TRAILER_FIELD_BC);
        }

        static Optional<RawAlgorithm> named(String name) {
            return Arrays.stream(values()).filter(algorithm -> algorithm.name().equals(name)).findFirst();
        }
    }

    public ChallengeSignatureVerifier() {
    }

    /** The signer's certificate, once the signature over exactly {@code content} verifies with its key. */
    public X509Certificate verify(byte[] content, SignedChallenge signed) throws GovmailAuthException {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(signed, "signed");
        byte[] signature = signed.signature();
        if (signature.length == 0) {
            throw new GovmailAuthException(Reason.SIGNATURE_MALFORMED, "empty signature");
        }
        if (signature.length > MAX_SIGNATURE_SIZE) {
            throw new GovmailAuthException(Reason.SIGNATURE_MALFORMED,
                "signature larger than " + MAX_SIGNATURE_SIZE + " bytes");
        }
        return switch (signed.format()) {
            case CMS -> verifyCms(content, signature, signed.certificate());
            case RAW -> verifyRaw(content, signature, signed.algorithm(), signed.certificate());
        };
    }

    // RAW

    private static X509Certificate verifyRaw(byte[] content, byte[] signature, Optional<String> algorithmName,
                                             Optional<byte[]> suppliedCertificate) throws GovmailAuthException {
        String name = algorithmName.orElseThrow(() ->
            new GovmailAuthException(Reason.SIGNATURE_MALFORMED, "a raw signature needs its algorithm name"));
        RawAlgorithm algorithm = RawAlgorithm.named(name).orElseThrow(() ->
            new GovmailAuthException(Reason.SIGNATURE_ALGORITHM_UNSUPPORTED,
                "raw signature algorithm not accepted: " + printable(name)));
        byte[] encoded = suppliedCertificate.orElseThrow(() ->
            new GovmailAuthException(Reason.SIGNATURE_MALFORMED, "a raw signature needs the signer's certificate"));
        X509Certificate certificate = Certificates.parse(encoded);
        PublicKey key = rsaKey(certificate);
        boolean valid;
        try {
            Signature verifier = Signature.getInstance(algorithm.jcaName);
            if (algorithm.parameters != null) {
                verifier.setParameter(algorithm.parameters);
            }
            verifier.initVerify(key);
            verifier.update(content);
            valid = verifier.verify(signature);
        } catch (InvalidKeyException e) {
            // e.g. an RSASSA-PSS-only key used with a PKCS#1 v1.5 name
            throw new GovmailAuthException(Reason.SIGNATURE_ALGORITHM_UNSUPPORTED,
                "the certificate's key cannot be used with " + algorithm);
        } catch (SignatureException e) {
            // A signature of the wrong length or shape for the key: it does not verify.
            valid = false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK does not offer " + algorithm.jcaName, e);
        }
        if (!valid) {
            throw new GovmailAuthException(Reason.SIGNATURE_INVALID,
                "the " + algorithm + " signature does not verify with the certificate's key");
        }
        return certificate;
    }

    // CMS

    private static X509Certificate verifyCms(byte[] content, byte[] encoded, Optional<byte[]> suppliedCertificate)
        throws GovmailAuthException {
        // Parse the supplied certificate first: unreadable certificate bytes are the caller's clearest error.
        Optional<X509Certificate> supplied = suppliedCertificate.isPresent()
            ? Optional.of(Certificates.parse(suppliedCertificate.get()))
            : Optional.empty();

        CMSSignedData signedData = parseSignedData(content, encoded);
        SignerInformation signer = onlySigner(signedData);
        checkAlgorithms(signer);
        X509Certificate certificate = signerCertificate(signedData, signer, supplied);
        PublicKey key = rsaKey(certificate);

        if (!signedData.isDetachedSignature()) {
            Object attached = signedData.getSignedContent() == null ? null : signedData.getSignedContent().getContent();
            if (!(attached instanceof byte[] bytes)) {
                throw new GovmailAuthException(Reason.SIGNATURE_MALFORMED, "the attached content is not an octet string");
            }
            if (!MessageDigest.isEqual(bytes, content)) {
                throw new GovmailAuthException(Reason.SIGNATURE_CONTENT_MISMATCH,
                    "the signed content is not the challenge");
            }
        }

        boolean valid;
        try {
            // Built from the public key, not the certificate: with a certificate Bouncy Castle would also
            // refuse a signingTime outside the certificate's validity, which is the validator's call.
            SignerInformationVerifier verifier = new JcaSimpleSignerInfoVerifierBuilder()
                .setProvider(BOUNCY_CASTLE).build(key);
            valid = signer.verify(verifier);
        } catch (CMSSignerDigestMismatchException e) {
            throw new GovmailAuthException(Reason.SIGNATURE_CONTENT_MISMATCH,
                "the signed message digest is not the challenge's digest");
        } catch (OperatorCreationException e) {
            throw new GovmailAuthException(Reason.SIGNATURE_ALGORITHM_UNSUPPORTED,
                "no verifier for the signature algorithm");
        } catch (CMSException | RuntimeException e) {
            // Bouncy Castle reports bad signature bytes and inconsistent signed attributes this way.
            GovmailAuthException refusal = new GovmailAuthException(Reason.SIGNATURE_INVALID,
                "the CMS signature does not verify: " + e.getClass().getSimpleName());
            refusal.initCause(e);
            throw refusal;
        }
        if (!valid) {
            throw new GovmailAuthException(Reason.SIGNATURE_INVALID,
                "the CMS signature does not verify with the certificate's key");
        }
        return certificate;
    }

    /**
     * One DER/BER ContentInfo of type signedData, nothing after it; a detached one gets {@code content} as
     * its signed content. The encapsulated content type must be id-data: a login signs plain bytes, and
     * anything else is some other object the user once signed.
     */
    private static CMSSignedData parseSignedData(byte[] content, byte[] encoded) throws GovmailAuthException {
        try {
            ContentInfo contentInfo = ContentInfo.getInstance(ASN1Primitive.fromByteArray(encoded));
            if (contentInfo == null || !CMSObjectIdentifiers.signedData.equals(contentInfo.getContentType())) {
                throw new GovmailAuthException(Reason.SIGNATURE_MALFORMED, "not a CMS SignedData");
            }
            CMSSignedData signedData = new CMSSignedData(contentInfo);
            if (signedData.isDetachedSignature()) {
                signedData = new CMSSignedData(new CMSProcessableByteArray(content), contentInfo);
            }
            if (!CMSObjectIdentifiers.data.getId().equals(signedData.getSignedContentTypeOID())) {
                throw new GovmailAuthException(Reason.SIGNATURE_MALFORMED,
                    "the signed content type is not id-data: " + signedData.getSignedContentTypeOID());
            }
            return signedData;
        } catch (GovmailAuthException e) {
            throw e;
        } catch (IOException | CMSException | RuntimeException | StackOverflowError e) {
            throw new GovmailAuthException(Reason.SIGNATURE_MALFORMED,
                "not a CMS SignedData: " + e.getClass().getSimpleName());
        }
    }

    private static SignerInformation onlySigner(CMSSignedData signedData) throws GovmailAuthException {
        Collection<SignerInformation> signers;
        try {
            signers = signedData.getSignerInfos().getSigners();
        } catch (RuntimeException e) {
            throw new GovmailAuthException(Reason.SIGNATURE_MALFORMED,
                "unreadable signer information: " + e.getClass().getSimpleName());
        }
        if (signers.size() != 1) {
            throw new GovmailAuthException(Reason.SIGNATURE_MALFORMED,
                "expected one signer, found " + signers.size());
        }
        return signers.iterator().next();
    }

    /**
     * SHA-256/384/512 with RSA: PKCS#1 v1.5 (rsaEncryption or the sha*WithRSAEncryption matching the digest)
     * or RSASSA-PSS whose hash and MGF1 hash are that digest.
     */
    private static void checkAlgorithms(SignerInformation signer) throws GovmailAuthException {
        AlgorithmIdentifier digest = signer.getDigestAlgorithmID();
        ASN1ObjectIdentifier digestOid = digest.getAlgorithm();
        if (!DIGESTS.contains(digestOid)) {
            throw new GovmailAuthException(Reason.SIGNATURE_ALGORITHM_UNSUPPORTED,
                "digest algorithm not accepted: " + digestOid.getId());
        }
        AlgorithmIdentifier signature = signer.toASN1Structure().getDigestEncryptionAlgorithm();
        ASN1ObjectIdentifier signatureOid = signature.getAlgorithm();
        if (signatureOid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return;
        }
        if (signatureOid.equals(rsaWith(digestOid))) {
            return;
        }
        if (signatureOid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            checkPss(signature.getParameters(), digestOid);
            return;
        }
        throw new GovmailAuthException(Reason.SIGNATURE_ALGORITHM_UNSUPPORTED,
            "signature algorithm not accepted with " + digestOid.getId() + ": " + signatureOid.getId());
    }

    private static ASN1ObjectIdentifier rsaWith(ASN1ObjectIdentifier digestOid) {
        if (digestOid.equals(NISTObjectIdentifiers.id_sha256)) {
            return PKCSObjectIdentifiers.sha256WithRSAEncryption;
        }
        if (digestOid.equals(NISTObjectIdentifiers.id_sha384)) {
            return PKCSObjectIdentifiers.sha384WithRSAEncryption;
        }
        return PKCSObjectIdentifiers.sha512WithRSAEncryption;
    }

    /** Absent parameters mean SHA-1 (RFC 4055), so they are refused like any other hash than the digest's. */
    private static void checkPss(ASN1Encodable parameters, ASN1ObjectIdentifier digestOid)
        throws GovmailAuthException {
        RSASSAPSSparams pss;
        try {
            pss = parameters == null ? null : RSASSAPSSparams.getInstance(parameters);
        } catch (RuntimeException e) {
            throw new GovmailAuthException(Reason.SIGNATURE_MALFORMED, "unreadable RSASSA-PSS parameters");
        }
        if (pss == null) {
            throw new GovmailAuthException(Reason.SIGNATURE_ALGORITHM_UNSUPPORTED,
                "RSASSA-PSS without parameters means SHA-1");
        }
        ASN1ObjectIdentifier hash = pss.getHashAlgorithm().getAlgorithm();
        AlgorithmIdentifier mask = pss.getMaskGenAlgorithm();
        ASN1ObjectIdentifier maskHash;
        try {
            maskHash = mask.getParameters() == null ? null
                : AlgorithmIdentifier.getInstance(mask.getParameters()).getAlgorithm();
        } catch (RuntimeException e) {
            throw new GovmailAuthException(Reason.SIGNATURE_MALFORMED, "unreadable RSASSA-PSS mask parameters");
        }
        if (!hash.equals(digestOid) || !PKCSObjectIdentifiers.id_mgf1.equals(mask.getAlgorithm())
            || !digestOid.equals(maskHash) || !BigInteger.ONE.equals(pss.getTrailerField())) {
            throw new GovmailAuthException(Reason.SIGNATURE_ALGORITHM_UNSUPPORTED,
                "RSASSA-PSS parameters not accepted: hash and MGF1 hash must both be the digest algorithm "
                    + digestOid.getId());
        }
    }

    /**
     * The supplied certificate if there is one (and the signer identifier must name it), else the one
     * embedded certificate the signer identifier names.
     */
    private static X509Certificate signerCertificate(CMSSignedData signedData, SignerInformation signer,
                                                     Optional<X509Certificate> supplied) throws GovmailAuthException {
        if (supplied.isPresent()) {
            X509CertificateHolder holder;
            try {
                holder = new JcaX509CertificateHolder(supplied.get());
            } catch (CertificateEncodingException e) {
                throw new GovmailAuthException(Reason.CERT_MALFORMED, "the certificate cannot be re-encoded");
            }
            if (!signer.getSID().match(holder)) {
                throw new GovmailAuthException(Reason.SIGNATURE_INVALID,
                    "the CMS signer is not the supplied certificate");
            }
            return supplied.get();
        }
        Collection<X509CertificateHolder> matches;
        try {
            matches = signedData.getCertificates().getMatches(signer.getSID());
        } catch (RuntimeException e) {
            throw new GovmailAuthException(Reason.SIGNATURE_MALFORMED,
                "unreadable CMS certificates: " + e.getClass().getSimpleName());
        }
        if (matches.isEmpty()) {
            throw new GovmailAuthException(Reason.SIGNATURE_MALFORMED,
                "no certificate supplied and none of the signer's in the CMS");
        }
        if (matches.size() > 1) {
            throw new GovmailAuthException(Reason.SIGNATURE_MALFORMED,
                "the CMS holds " + matches.size() + " certificates matching the signer");
        }
        try {
            return Certificates.parse(matches.iterator().next().getEncoded());
        } catch (IOException e) {
            throw new GovmailAuthException(Reason.CERT_MALFORMED, "the embedded certificate cannot be encoded");
        }
    }

    private static PublicKey rsaKey(X509Certificate certificate) throws GovmailAuthException {
        PublicKey key = certificate.getPublicKey();
        if (!(key instanceof RSAPublicKey)) {
            throw new GovmailAuthException(Reason.SIGNATURE_ALGORITHM_UNSUPPORTED,
                "the certificate's key is not RSA but " + key.getAlgorithm());
        }
        return key;
    }

    /** Client-chosen names go into messages only as short printable ASCII. */
    private static String printable(String name) {
        String shown = name.length() > 20 ? name.substring(0, 20) + "..." : name;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
