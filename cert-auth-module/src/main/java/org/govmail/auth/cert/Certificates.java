package org.govmail.auth.cert;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;

/** Reading certificates as users hold them (DER {@code .cer} or PEM) and naming them by fingerprint. */
public final class Certificates {
    /** Larger than any real end-entity certificate; anything bigger is not one. */
    public static final int MAX_ENCODED_SIZE = 64 * 1024;
    private static final Pattern PEM = Pattern.compile(
        "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");

    private Certificates() {
    }

    /** Exactly one certificate, DER or PEM; anything else is {@link Reason#CERT_MALFORMED}. */
    public static X509Certificate parse(byte[] encoded) throws GovmailAuthException {
        List<X509Certificate> all = parseAll(encoded);
        if (all.size() != 1) {
            throw new GovmailAuthException(Reason.CERT_MALFORMED, "expected one certificate, found " + all.size());
        }
        return all.get(0);
    }

    /** One DER certificate or any number of PEM certificates. */
    public static List<X509Certificate> parseAll(byte[] encoded) throws GovmailAuthException {
        if (encoded == null || encoded.length == 0) {
            throw new GovmailAuthException(Reason.CERT_MALFORMED, "empty certificate");
        }
        if (encoded.length > MAX_ENCODED_SIZE) {
            throw new GovmailAuthException(Reason.CERT_MALFORMED, "certificate larger than " + MAX_ENCODED_SIZE + " bytes");
        }
        String text = new String(encoded, StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN")) {
            Matcher matcher = PEM.matcher(text);
            List<X509Certificate> certificates = new ArrayList<>();
            while (matcher.find()) {
                byte[] der;
                try {
                    der = Base64.getMimeDecoder().decode(matcher.group(1));
                } catch (IllegalArgumentException e) {
                    throw new GovmailAuthException(Reason.CERT_MALFORMED, "PEM block is not valid base64");
                }
                certificates.add(parseDer(der));
            }
            if (certificates.isEmpty()) {
                throw new GovmailAuthException(Reason.CERT_MALFORMED, "no PEM CERTIFICATE block");
            }
            return certificates;
        }
        return List.of(parseDer(encoded));
    }

    private static X509Certificate parseDer(byte[] der) throws GovmailAuthException {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
            // Re-encoding must give the same bytes: refuses trailing data and non-DER encodings.
            if (!MessageDigest.isEqual(certificate.getEncoded(), der)) {
                throw new GovmailAuthException(Reason.CERT_MALFORMED, "not a DER-encoded certificate (trailing or non-canonical data)");
            }
            return certificate;
        } catch (GovmailAuthException e) {
            throw e;
        } catch (Exception | StackOverflowError e) {
            throw new GovmailAuthException(Reason.CERT_MALFORMED, "not an X.509 certificate: " + e.getClass().getSimpleName());
        }
    }

    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint a parsed certificate", e);
        }
    }

    public static String toPem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
