package org.govmail.auth.revocation;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Decides whether an OCSP response may be believed for one certificate: signed by its issuer or by a
 * responder the issuer authorised (RFC 6960 section 4.2.2.2), about this very certificate, answering
 * this request's nonce when it answers one, and current. Anything less is a {@link Refused}, which the
 * caller turns into "unavailable", never into "good".
 */
final class OcspResponseVerifier {
    static final String OCSP_SIGNING = KeyPurposeId.id_kp_OCSPSigning.getId();
    /** Clocks of a responder and of this server disagree a little; a response from further ahead is not believed. */
    static final Duration ALLOWED_SKEW = Duration.ofMinutes(2);

    private final boolean requireNonce;
    private final Duration maxAgeWithoutNextUpdate;
    private final DigestCalculatorProvider digests;

    OcspResponseVerifier(boolean requireNonce, Duration maxAgeWithoutNextUpdate) {
        this.requireNonce = requireNonce;
        this.maxAgeWithoutNextUpdate = maxAgeWithoutNextUpdate;
        try {
            this.digests = new JcaDigestCalculatorProviderBuilder().build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no digest provider for OCSP", e);
        }
    }

    /**
     * @param nonce what the request carried, or {@code null} if it carried none
     * @return the single response about {@code requested}; its status is for the caller to read
     */
    SingleResp verify(byte[] encoded, CertificateID requested, X509Certificate issuer, byte[] nonce, Instant now)
            throws Refused {
        BasicOCSPResp basic = basicResponse(encoded);
        if (!signedByIssuerOrItsResponder(basic, issuer, now)) {
            throw new Refused("response not signed by the issuer or by a responder it authorised (id-kp-OCSPSigning)");
        }
        checkNonce(basic, nonce);
        SingleResp single = about(basic, requested, issuer);
        Instant thisUpdate = single.getThisUpdate().toInstant();
        if (thisUpdate.isAfter(now.plus(ALLOWED_SKEW))) {
            throw new Refused("response thisUpdate " + thisUpdate + " is in the future");
        }
        Instant until = currentUntil(single, now);
        if (!now.isBefore(until)) {
            throw new Refused(single.getNextUpdate() == null
                ? "response without nextUpdate is older than " + maxAgeWithoutNextUpdate + " (thisUpdate " + thisUpdate + ")"
                : "response expired at its nextUpdate " + until);
        }
        return single;
    }

    /**
     * Until when the answer may be used: its nextUpdate or, without one, {@code maxAgeWithoutNextUpdate}
     * after it was true (as for CRLs). Without a nonce echo an old response could be a replay, and this
     * bound is what keeps a replayed "good" from outliving a revocation.
     */
    Instant currentUntil(SingleResp single, Instant now) {
        Date next = single.getNextUpdate();
        if (next != null) {
            return next.toInstant();
        }
        Instant thisUpdate = single.getThisUpdate().toInstant();
        return (thisUpdate.isBefore(now) ? thisUpdate : now).plus(maxAgeWithoutNextUpdate);
    }

    private static BasicOCSPResp basicResponse(byte[] encoded) throws Refused {
        OCSPResp response;
        try {
            response = new OCSPResp(encoded);
        } catch (IOException | RuntimeException e) {
            throw new Refused("unreadable OCSP response: " + e.getMessage());
        }
        if (response.getStatus() != OCSPResp.SUCCESSFUL) {
            throw new Refused("responder answered " + statusName(response.getStatus()));
        }
        try {
            if (response.getResponseObject() instanceof BasicOCSPResp basic) {
                return basic;
            }
        } catch (OCSPException | RuntimeException e) {
            throw new Refused("unreadable OCSP response body: " + e.getMessage());
        }
        throw new Refused("not a basic OCSP response");
    }

    private boolean signedByIssuerOrItsResponder(BasicOCSPResp basic, X509Certificate issuer, Instant now) {
        if (signedBy(basic, issuer.getPublicKey())) {
            return true;
        }
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (X509CertificateHolder holder : basic.getCerts()) {
            try {
                X509Certificate candidate = converter.getCertificate(holder);
                if (authorisedResponder(candidate, issuer, now) && signedBy(basic, candidate.getPublicKey())) {
                    return true;
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                // An unreadable extra certificate authorises nothing; another one in the list still may.
            }
        }
        return false;
    }

    /**
     * A delegated responder: issued by the same CA (so it cannot speak for another CA's certificates),
     * marked for OCSP signing, within its validity. Its own revocation is not checked: RFC 6960
     * (4.2.2.2.1) leaves that to the CA (id-pkix-ocsp-nocheck, short-lived responder certificates), and
     * asking the responder about itself would prove nothing.
     */
    private static boolean authorisedResponder(X509Certificate candidate, X509Certificate issuer, Instant now) {
        if (!candidate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            candidate.verify(issuer.getPublicKey());
            candidate.checkValidity(Date.from(now));
            List<String> purposes = candidate.getExtendedKeyUsage();
            return purposes != null && purposes.contains(OCSP_SIGNING);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean signedBy(BasicOCSPResp basic, PublicKey key) {
        try {
            return basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        } catch (OperatorCreationException | OCSPException | RuntimeException e) {
            return false;
        }
    }

    private void checkNonce(BasicOCSPResp basic, byte[] nonce) throws Refused {
        Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (echoed == null) {
            if (requireNonce) {
                throw new Refused("responder did not echo the request nonce");
            }
            return;
        }
        if (nonce == null || !sameNonce(echoed.getExtnValue().getOctets(), nonce)) {
            throw new Refused("response nonce does not match the request");
        }
    }

    /** RFC 8954 wraps the nonce in an OCTET STRING inside extnValue; older responders echo it bare. */
    private static boolean sameNonce(byte[] extnValue, byte[] nonce) {
        try {
            return Arrays.equals(extnValue, new DEROctetString(nonce).getEncoded()) || Arrays.equals(extnValue, nonce);
        } catch (IOException e) {
            return false;
        }
    }

    private SingleResp about(BasicOCSPResp basic, CertificateID requested, X509Certificate issuer) throws Refused {
        X509CertificateHolder issuerHolder;
        try {
            issuerHolder = new JcaX509CertificateHolder(issuer);
        } catch (CertificateEncodingException e) {
            throw new Refused("unreadable issuer certificate: " + e.getMessage());
        }
        for (SingleResp single : basic.getResponses()) {
            CertificateID id = single.getCertID();
            try {
                // The responder may hash the issuer differently from our request; compare with its algorithm.
                if (id.getSerialNumber().equals(requested.getSerialNumber()) && id.matchesIssuer(issuerHolder, digests)) {
                    return single;
                }
            } catch (OCSPException | RuntimeException e) {
                // A CertID with an unknown hash cannot be ours.
            }
        }
        throw new Refused("response does not answer for serial " + requested.getSerialNumber().toString(16)
            + " of " + issuer.getSubjectX500Principal().getName());
    }

    private static String statusName(int status) {
        return switch (status) {
            case OCSPResp.MALFORMED_REQUEST -> "malformedRequest";
            case OCSPResp.INTERNAL_ERROR -> "internalError";
            case OCSPResp.TRY_LATER -> "tryLater";
            case OCSPResp.SIG_REQUIRED -> "sigRequired";
            case OCSPResp.UNAUTHORIZED -> "unauthorized";
            default -> "status " + status;
        };
    }

    /** Why a response was not believed; becomes the detail of an unavailable answer. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
