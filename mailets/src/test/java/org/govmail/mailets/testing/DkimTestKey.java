package org.govmail.mailets.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.apache.james.jdkim.DKIMSigner;
import org.apache.james.jdkim.exceptions.FailException;

/**
 * A fresh RSA 2048 DKIM key for one signing domain and selector, for tests: it signs messages with
 * jDKIM and gives the {@code v=DKIM1} record to serve at {@code <selector>._domainkey.<domain>}
 * (longer than 255 bytes, so {@link TestDnsServer} serves it as several strings).
 */
public final class DkimTestKey {
    private final String domain;
    private final String selector;
    private final KeyPair keys;

    public DkimTestKey(String domain, String selector) {
        this.domain = domain;
        this.selector = selector;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has RSA", e);
        }
    }

    public String recordName() {
        return selector + "._domainkey." + domain;
    }

    public String record() {
        return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    /** Serves this key's record on the given server. */
    public DkimTestKey publishOn(TestDnsServer dns) {
        dns.txt(recordName(), record());
        return this;
    }

    /**
     * The message with a relaxed/relaxed rsa-sha256 DKIM-Signature over From, To, Subject, Date and
     * Message-ID prepended.
     *
     * @param message a message with CRLF line ends
     */
    public String sign(String message) {
        String template = "v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain + "; s=" + selector
            + "; h=from:to:subject:date:message-id; bh=; b=;";
        try {
            String field = new DKIMSigner(template, keys.getPrivate())
                .sign(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
            return field + "\r\n" + message;
        } catch (IOException | FailException e) {
            throw new IllegalStateException("jDKIM could not sign the test message", e);
        }
    }
}
