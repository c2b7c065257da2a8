package org.govmail.auth.imap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.Capability;
import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.AuthenticateRequest;
import org.apache.james.imap.message.request.IRAuthenticateRequest;
import org.apache.james.imap.message.request.LoginRequest;
import org.apache.james.imap.message.response.AuthenticateResponse;
import org.apache.james.imap.message.response.ContinuationResponse;
import org.apache.james.imap.processor.AbstractAuthProcessor;
import org.apache.james.imap.processor.CapabilityImplementingProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.util.MDCBuilder;
import org.govmail.auth.gate.LoginDecision;
import org.govmail.auth.gate.LoginGate;
import org.govmail.auth.gate.TokenErrors;
import org.govmail.auth.lifecycle.LiveSessions;
import org.govmail.auth.lifecycle.SessionConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IMAP LOGIN and AUTHENTICATE (PLAIN, EXTERNAL; OAUTHBEARER and XOAUTH2 for the web front end) through the {@code LoginGate}. It replaces James'
 * LoginProcessor and AuthenticateProcessor as a whole (see {@code GovmailImapPackage}): James keys
 * processors by request type, so the gate cannot sit beside them.
 *
 * <p>EXTERNAL accepts its initial response on the command line even where a client did not see
 * SASL-IR (Thunderbird sends {@code AUTHENTICATE EXTERNAL =}); {@code =} or an empty response
 * means "the account of my certificate", a base64 authorization id must name that same account.
 */
public class GateAuthProcessor extends AbstractAuthProcessor<ImapRequest> implements CapabilityImplementingProcessor {
    private static final Logger LOGGER = LoggerFactory.getLogger(GateAuthProcessor.class);
    private static final Capability LOGINDISABLED = Capability.of("LOGINDISABLED");
    private static final Capability AUTH_PLAIN = Capability.of("AUTH=PLAIN");
    private static final Capability AUTH_EXTERNAL = Capability.of("AUTH=EXTERNAL");
    private static final Capability SASL_IR = Capability.of("SASL-IR");
    /** Untagged BYE (RFC 3501 7.1.5): the client learns why before the connection drops. */
    private static final Optional<String> CLOSED_BY_ADMINISTRATOR =
        Optional.of("* BYE session closed: this account can no longer log in");
    private static final Optional<String> WEB_LOGIN_ENDED = Optional.of("* BYE session closed: the web login it belongs to has ended");

    private final ImapGate imapGate;
    private final LiveSessions liveSessions;

    @Inject
    public GateAuthProcessor(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metricFactory,
                             ImapGate imapGate, LiveSessions liveSessions) {
        super(ImapRequest.class, mailboxManager, factory, metricFactory);
        this.imapGate = imapGate;
        this.liveSessions = liveSessions;
    }

    @Override
    public List<Class<? extends ImapRequest>> acceptableClasses() {
        return List.of(LoginRequest.class, AuthenticateRequest.class, IRAuthenticateRequest.class);
    }

    @Override
    protected void processRequest(ImapRequest request, ImapSession session, Responder responder) {
        if (request instanceof LoginRequest login) {
            if (session.isPlainAuthDisallowed()) {
                no(request, responder, HumanReadableText.DISABLED_LOGIN);
                return;
            }
            complete(imapGate.gate().passwordLogin(imapGate.client(session), login.getUserid().asString(), login.getPassword()),
                session, request, responder);
        } else if (request instanceof AuthenticateRequest authenticate) {
            authenticate(authenticate, session, responder);
        }
    }

    private void authenticate(AuthenticateRequest request, ImapSession session, Responder responder) {
        String mechanism = request.getAuthType();
        if ("PLAIN".equalsIgnoreCase(mechanism) && session.isPlainAuthDisallowed()) {
            no(request, responder, HumanReadableText.DISABLED_LOGIN);
            return;
        }
        if (!LoginGate.SASL_MECHANISMS.contains(mechanism.toUpperCase(java.util.Locale.ROOT)) && !LoginGate.isTokenMechanism(mechanism)) {
            complete(imapGate.gate().saslLogin(imapGate.client(session), mechanism, ""), session, request, responder);
            return;
        }
        if (request instanceof IRAuthenticateRequest withInitialResponse) {
            onResponse(mechanism, withInitialResponse.getInitialClientResponse(), session, request, responder);
        } else {
            session.executeSafely(() -> {
                session.pushLineHandler((lineSession, data) -> {
                    String line = new String(data, 0, Math.max(0, data.length - 2), StandardCharsets.US_ASCII);
                    lineSession.popLineHandler();
                    onResponse(mechanism, line, lineSession, request, responder);
                    responder.flush();
                });
                responder.respond(new AuthenticateResponse());
                responder.flush();
            });
        }
    }

    private void onResponse(String mechanism, String response, ImapSession session, ImapRequest request, Responder responder) {
        if (response != null && "*".equals(response.trim())) {
            no(request, responder, new HumanReadableText("org.govmail.auth.aborted", "authentication aborted"));
            return;
        }
        if (LoginGate.isTokenMechanism(mechanism)) {
            tokenLogin(mechanism, response, session, request, responder);
            return;
        }
        complete(imapGate.gate().saslLogin(imapGate.client(session), mechanism, response), session, request, responder);
        session.stopDetectingCommandInjection();
    }

    /**
     * OAUTHBEARER/XOAUTH2. A refusal first goes out as the error challenge of RFC 7628 section 3.2.2 (base64
     * JSON with the status); the tagged NO with govmail's reason follows the client's dummy response.
     */
    private void tokenLogin(String mechanism, String response, ImapSession session, ImapRequest request, Responder responder) {
        LoginDecision decision = imapGate.gate().tokenLogin(imapGate.client(session), mechanism, response);
        session.stopDetectingCommandInjection();
        if (decision.isAllowed()) {
            complete(decision, session, request, responder);
            return;
        }
        // Listening before the challenge goes out, so a quick client's reply cannot reach the command decoder.
        session.pushLineHandler((lineSession, data) -> {
            lineSession.popLineHandler();
            complete(decision, lineSession, request, responder);
        });
        String challenge = TokenErrors.challenge(decision);
        // Straight to the connection: James' responder is not thread-safe, and the client's reply is handled on
        // the event loop while this thread may still be flushing it (the challenge then went out twice).
        SessionConnections.of(session).ifPresentOrElse(connection -> connection.send("+ " + challenge), () -> {
            responder.respond(new ContinuationResponse(new HumanReadableText("org.govmail.auth.oauth.error", challenge)));
            responder.flush();
        });
    }

    private void complete(LoginDecision decision, ImapSession session, ImapRequest request, Responder responder) {
        if (!decision.isAllowed()) {
            manageFailureCount(session, request, responder, ImapGate.refusalText(decision));
            responder.flush();
            return;
        }
        try {
            Username username = Username.of(decision.account().orElseThrow().id());
            MailboxSession mailboxSession = getMailboxManager().authenticate(username).withoutDelegation();
            session.authenticated();
            session.setMailboxSession(mailboxSession);
            // Listed before the client hears OK, so a status change from then on always finds it.
            SessionConnections.keepListed(SessionConnections.of(session), liveSessions, username.asString(), "IMAP",
                CLOSED_BY_ADMINISTRATOR);
            decision.tokenSession().ifPresent(id -> SessionConnections.keepListed(SessionConnections.of(session), liveSessions,
                LiveSessions.tokenSessionKey(id), "IMAP", WEB_LOGIN_ENDED));
            provisionInbox(session, getMailboxManager(), mailboxSession);
            okComplete(request, responder);
            responder.flush();
            session.stopDetectingCommandInjection();
        } catch (Exception e) {
            LOGGER.error("Could not open the mailbox session after an accepted login", e);
            no(request, responder, HumanReadableText.GENERIC_FAILURE_DURING_PROCESSING);
            responder.flush();
        }
    }

    @Override
    public List<Capability> getImplementedCapabilities(ImapSession session) {
        List<Capability> capabilities = new ArrayList<>();
        if (session.isPlainAuthDisallowed()) {
            capabilities.add(LOGINDISABLED);
        } else {
            capabilities.add(AUTH_PLAIN);
        }
        capabilities.add(SASL_IR);
        if (session.isTLSActive() && imapGate.hasClientCertificate(session)) {
            capabilities.add(AUTH_EXTERNAL);
            if (imapGate.offersTokenLogins(session)) {
                LoginGate.TOKEN_MECHANISMS.forEach(token -> capabilities.add(Capability.of("AUTH=" + token)));
            }
        }
        return capabilities;
    }

    @Override
    protected MDCBuilder mdc(ImapRequest request) {
        return MDCBuilder.create().addToContext(MDCBuilder.ACTION, request instanceof LoginRequest ? "LOGIN" : "AUTHENTICATE");
    }
}
