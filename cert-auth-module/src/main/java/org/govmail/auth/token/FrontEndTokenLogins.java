package org.govmail.auth.token;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.cert.Certificates;
import org.govmail.auth.gate.LoginGate;
import org.govmail.auth.gate.TokenLogins;

/**
 * Token logins on IMAP and SMTP are for the web front end's own servers: the connection must be TLS with
 * one of the front end's configured client certificates (its key proven by the handshake), and the token
 * must have been issued to that same front end. A stolen token is of no use from anywhere else.
 */
public final class FrontEndTokenLogins implements TokenLogins {
    private final FrontEnds frontEnds;
    private final TokenAuthenticator tokens;
    private final Clock clock;

    public FrontEndTokenLogins(FrontEnds frontEnds, TokenAuthenticator tokens, Clock clock) {
        this.frontEnds = frontEnds;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public Admitted admit(LoginGate.Client client, String user, String token) throws GovmailAuthException {
        if (!client.tls()) {
            throw new GovmailAuthException(Reason.TLS_REQUIRED, "token login without TLS");
        }
        FrontEnd frontEnd = frontEnd(client.chain()).orElseThrow(() -> new GovmailAuthException(Reason.FRONTEND_CERT_REQUIRED,
            client.chain().isEmpty() ? "no TLS client certificate" : "the TLS client certificate is not a front end's"));
        try {
            client.chain().get(0).checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new GovmailAuthException(Reason.FRONTEND_CERT_REQUIRED, "front end " + frontEnd.id() + "'s certificate is outside its validity");
        }
        TokenAuthenticator.Authenticated authenticated = tokens.authenticate(token);
        if (!authenticated.claims().client().equals(frontEnd.id())) {
            throw new GovmailAuthException(Reason.CLIENT_MISMATCH, "token of front end " + authenticated.claims().client()
                + " used by front end " + frontEnd.id());
        }
        if (!user.isEmpty() && !user.equalsIgnoreCase(authenticated.account().id())) {
            throw new GovmailAuthException(Reason.AUTHZID_MISMATCH, "token of " + authenticated.account().id() + " used to ask for " + user);
        }
        return new Admitted(authenticated.account(), authenticated.session().id());
    }

    @Override
    public boolean offeredTo(List<X509Certificate> chain) {
        return frontEnd(chain).isPresent();
    }

    private Optional<FrontEnd> frontEnd(List<X509Certificate> chain) {
        return chain.isEmpty() ? Optional.empty() : frontEnds.presenting(Certificates.fingerprint(chain.get(0)));
    }
}
