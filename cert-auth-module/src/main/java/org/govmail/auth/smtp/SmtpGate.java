package org.govmail.auth.smtp;

import org.apache.james.protocols.smtp.SMTPSession;
import org.govmail.auth.gate.LoginDecision;
import org.govmail.auth.gate.LoginGate;
import org.govmail.auth.gate.PeerCertificates;

/** The SMTP view of a client for the gate, and the {@code 535 5.7.8} text of a refusal. */
final class SmtpGate {
    private SmtpGate() {
    }

    static LoginGate.Client client(SMTPSession session) {
        return new LoginGate.Client("SMTP", session.getRemoteAddress().getAddress().getHostAddress(),
            session.getSSLSession().isPresent(), PeerCertificates.of(session.getSSLSession().orElse(null)));
    }

    static boolean hasClientCertificate(SMTPSession session) {
        return !PeerCertificates.of(session.getSSLSession().orElse(null)).isEmpty();
    }

    static String refusalText(LoginDecision decision) {
        return "5.7.8 " + decision.code() + ": " + decision.clientText();
    }
}
