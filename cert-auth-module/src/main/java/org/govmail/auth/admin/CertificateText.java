package org.govmail.auth.admin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;

/** A certificate (or signature) given as text by an administrator or a front end: PEM, or base64 of the DER {@code .cer}. */
final class CertificateText {
    private CertificateText() {
    }

    static byte[] decode(String value) throws GovmailAuthException {
        if (value == null || value.isBlank()) {
            throw new GovmailAuthException(Reason.REQUEST_INVALID, "certificate is required");
        }
        if (value.contains("-----BEGIN")) {
            return value.getBytes(StandardCharsets.US_ASCII);
        }
        try {
            return Base64.getMimeDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new GovmailAuthException(Reason.CERT_MALFORMED, "certificate is neither PEM nor base64 DER");
        }
    }

    /** Binary data sent as base64, or as PEM (the lines between BEGIN and END, whatever the label). */
    static byte[] base64OrPem(String value, Reason malformed) throws GovmailAuthException {
        if (value == null || value.isBlank()) {
            throw new GovmailAuthException(malformed, "empty");
        }
        String body = value.replaceAll("-----(BEGIN|END) [A-Z0-9 ]+-----", "");
        try {
            return Base64.getMimeDecoder().decode(body.replace('-', '+').replace('_', '/').strip());
        } catch (IllegalArgumentException e) {
            throw new GovmailAuthException(malformed, "neither base64 nor PEM");
        }
    }
}
