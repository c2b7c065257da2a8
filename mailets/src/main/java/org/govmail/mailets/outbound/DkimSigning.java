package org.govmail.mailets.outbound;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.jdkim.DKIMSigner;
import org.apache.james.jdkim.exceptions.FailException;

/**
 * Signs a message with a domain's key: rsa-sha256, relaxed/relaxed canonicalisation, over the headers a
 * reader relies on. Headers named but absent are signed as absent, so nobody can add them later.
 */
public final class DkimSigning {
    static final List<String> SIGNED_HEADERS = List.of("from", "sender", "reply-to", "to", "cc", "subject", "date",
        "message-id", "in-reply-to", "references", "mime-version", "content-type", "content-transfer-encoding",
        "x-security-classification");

    private DkimSigning() {
    }

    /** @return the value of the {@code DKIM-Signature} header for {@code message} as it is now */
    public static String signatureValue(MimeMessage message, DkimKeys.DkimKey key) throws MessagingException {
        String template = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + key.domain() + "; s=" + key.selector()
            + "; h=" + String.join(":", SIGNED_HEADERS) + "; bh=; b=;";
        try {
            String header = new DKIMSigner(template, key.privateKey()).sign(new ByteArrayInputStream(crlf(message)));
            int colon = header.indexOf(':');
            return header.substring(colon + 1).trim();
        } catch (IOException | FailException e) {
            throw new MessagingException("DKIM signing for " + key.domain() + " failed: " + e.getMessage(), e);
        }
    }

    /** The message as it will be written on the wire: lines end in CRLF whatever the store kept. */
    static byte[] crlf(MimeMessage message) throws MessagingException, IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        byte[] bytes = raw.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 64);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(bytes[i]);
        }
        return out.toByteArray();
    }
}
