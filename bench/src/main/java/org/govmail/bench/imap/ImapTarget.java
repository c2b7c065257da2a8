package org.govmail.bench.imap;

import java.util.Objects;

import javax.net.ssl.SSLSocketFactory;

/**
 * One IMAPS account to load: implicit TLS from the first byte (port 993 style). {@code tls} carries the
 * trusted CA and, for govmail, the user's client certificate; the same record points at Dovecot or a
 * gate-off govmail, so every server under comparison sees exactly the same client.
 */
public record ImapTarget(String host, int port, SSLSocketFactory tls, String user, String password) {
    public ImapTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
    }

    /** Without the password, for logs and error messages. */
    @Override
    public String toString() {
        return user + "@" + host + ":" + port;
    }
}
