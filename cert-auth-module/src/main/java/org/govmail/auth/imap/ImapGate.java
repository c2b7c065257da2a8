package org.govmail.auth.imap;

import java.io.Closeable;
import java.io.IOException;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.util.MDCBuilder;
import org.govmail.auth.gate.LoginDecision;
import org.govmail.auth.gate.LoginGate;
import org.govmail.auth.gate.PeerCertificates;
import org.slf4j.MDC;

/** What the IMAP LOGIN and AUTHENTICATE processors share: who the client is, and how a refusal reads. */
public final class ImapGate {
    /** James keeps the connection's logging context (with the client address) under this session attribute. */
    private static final String BOUND_MDC = "bound_MDC";
    private final LoginGate gate;

    @Inject
    public ImapGate(LoginGate gate) {
        this.gate = gate;
    }

    public LoginGate gate() {
        return gate;
    }

    public LoginGate.Client client(ImapSession session) {
        return new LoginGate.Client("IMAP", address(session), session.isTLSActive(),
            PeerCertificates.of(session.getSSLSession().orElse(null)));
    }

    public boolean hasClientCertificate(ImapSession session) {
        return !PeerCertificates.of(session.getSSLSession().orElse(null)).isEmpty();
    }

    /** Token mechanisms are advertised only to connections presenting a web front end's certificate. */
    public boolean offersTokenLogins(ImapSession session) {
        return gate.offersTokenLogins(PeerCertificates.of(session.getSSLSession().orElse(null)));
    }

    /** {@code NO [AUTHENTICATIONFAILED] CODE: text} (RFC 5530), the code being govmail's reason. */
    public static HumanReadableText refusalText(LoginDecision decision) {
        return new HumanReadableText("org.govmail.auth." + decision.code(),
            "[AUTHENTICATIONFAILED] " + decision.code() + ": " + decision.clientText());
    }

    private static String address(ImapSession session) {
        String ip = MDC.get(MDCBuilder.IP);
        if (ip != null) {
            return ip;
        }
        Object bound = session.getAttribute(BOUND_MDC);
        if (bound instanceof MDCBuilder builder) {
            try (Closeable context = builder.build()) {
                return Optional.ofNullable(MDC.get(MDCBuilder.IP)).orElse("unknown");
            } catch (IOException e) {
                return "unknown";
            }
        }
        return "unknown";
    }
}
