package org.govmail.auth.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.AuthCmdHandler;
import org.govmail.auth.gate.LoginDecision;
import org.govmail.auth.gate.LoginGate;
import org.govmail.auth.gate.PeerCertificates;
import org.govmail.auth.gate.TokenErrors;
import org.govmail.auth.lifecycle.LiveSessions;
import org.govmail.auth.lifecycle.SessionConnections;

/**
 * James' AUTH command plus SASL EXTERNAL and, for the web front end's servers, OAUTHBEARER and XOAUTH2 (RFC 4422 appendix A): the TLS client certificate alone
 * names the account. EXTERNAL is advertised in EHLO only once a client certificate is present.
 * PLAIN and LOGIN stay James' own code and reach the gate through {@link CertificateGateAuthHook}.
 * Every successful login is listed in {@link LiveSessions}, so closing the account ends the session.
 */
public class GateAuthCmdHandler extends AuthCmdHandler {
    private static final String EXTERNAL = "EXTERNAL";
    /** RFC 5321 4.2.3: 421 is the reply a server sends when it is about to close the channel. */
    private static final Optional<String> CLOSED_BY_ADMINISTRATOR =
        Optional.of("421 4.7.0 session closed: this account can no longer log in");
    private static final Optional<String> WEB_LOGIN_ENDED = Optional.of("421 4.7.0 session closed: the web login it belongs to has ended");
    private final LoginGate gate;
    private final LiveSessions liveSessions;

    @Inject
    public GateAuthCmdHandler(LoginGate gate, LiveSessions liveSessions) {
        this.gate = gate;
        this.liveSessions = liveSessions;
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        String argument = request.getArgument() == null ? "" : request.getArgument().trim();
        String[] parts = argument.split(" ", 2);
        String mechanism = parts[0].toUpperCase(Locale.ROOT);
        if (!mechanism.equals(EXTERNAL) && !LoginGate.isTokenMechanism(mechanism)) {
            return super.onCommand(session, request);
        }
        if (session.getUsername() != null) {
            return new SMTPResponse(SMTPRetCode.BAD_SEQUENCE, "5.5.1 Already authenticated");
        }
        if (parts.length == 2) {
            return respond(session, mechanism, parts[1].trim());
        }
        session.pushLineHandler(new LineHandler<SMTPSession>() {
            @Override
            public Response onLine(SMTPSession lineSession, byte[] line) {
                lineSession.popLineHandler();
                String response = new String(line, StandardCharsets.US_ASCII).trim();
                if (response.equals("*")) {
                    return new SMTPResponse(SMTPRetCode.SYNTAX_ERROR_ARGUMENTS, "5.7.0 Authentication aborted");
                }
                return respond(lineSession, mechanism, response);
            }
        });
        return new SMTPResponse(SMTPRetCode.AUTH_READY, "");
    }

    private Response respond(SMTPSession session, String mechanism, String initialResponse) {
        if (mechanism.equals(EXTERNAL)) {
            return accept(session, gate.saslLogin(SmtpGate.client(session), EXTERNAL, initialResponse));
        }
        LoginDecision decision = gate.tokenLogin(SmtpGate.client(session), mechanism, initialResponse);
        if (decision.isAllowed()) {
            return accept(session, decision);
        }
        // RFC 7628 3.2.2: the error as a 334 challenge; the 535 with govmail's reason answers the client's dummy reply.
        session.pushLineHandler(new LineHandler<SMTPSession>() {
            @Override
            public Response onLine(SMTPSession lineSession, byte[] line) {
                lineSession.popLineHandler();
                return new SMTPResponse(SMTPRetCode.AUTH_FAILED, SmtpGate.refusalText(decision));
            }
        });
        return new SMTPResponse(SMTPRetCode.AUTH_READY, TokenErrors.challenge(decision));
    }

    private Response accept(SMTPSession session, LoginDecision decision) {
        if (!decision.isAllowed()) {
            return new SMTPResponse(SMTPRetCode.AUTH_FAILED, SmtpGate.refusalText(decision));
        }
        session.setUsername(Username.of(decision.account().orElseThrow().id()));
        session.setRelayingAllowed(true);
        keepListed(session);
        decision.tokenSession().ifPresent(id -> SessionConnections.keepListed(SessionConnections.of(session), liveSessions,
            LiveSessions.tokenSessionKey(id), "SMTP", WEB_LOGIN_ENDED));
        return new SMTPResponse(SMTPRetCode.AUTH_OK, "2.7.0 Authentication successful");
    }

    /**
     * PLAIN and LOGIN: the hooks decide, and James' result hooks may still change the answer, so the
     * session is listed only once the final reply is a success.
     */
    @Override
    protected Response doAuthTest(SMTPSession session, Username username, String pass, String authType) {
        Response response = super.doAuthTest(session, username, pass, authType);
        if (response != null && SMTPRetCode.AUTH_OK.equals(response.getRetCode()) && session.getUsername() != null) {
            keepListed(session);
        }
        return response;
    }

    private void keepListed(SMTPSession session) {
        SessionConnections.keepListed(SessionConnections.of(session), liveSessions, session.getUsername().asString(), "SMTP",
            CLOSED_BY_ADMINISTRATOR);
    }

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        List<String> features = super.getImplementedEsmtpFeatures(session);
        if (features.isEmpty() || !SmtpGate.hasClientCertificate(session)) {
            return features;
        }
        String added = " " + EXTERNAL;
        if (gate.offersTokenLogins(PeerCertificates.of(session.getSSLSession().orElse(null)))) {
            added += " " + String.join(" ", LoginGate.TOKEN_MECHANISMS);
        }
        List<String> withExternal = new ArrayList<>();
        for (String feature : features) {
            withExternal.add(feature + added);
        }
        return withExternal;
    }
}
