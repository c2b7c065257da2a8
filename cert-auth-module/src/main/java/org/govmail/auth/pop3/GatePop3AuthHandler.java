package org.govmail.auth.pop3;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.pop3server.core.PassCmdHandler;
import org.apache.james.pop3server.mailbox.MailboxAdapterFactory;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.pop3.POP3Response;
import org.apache.james.protocols.pop3.POP3Session;
import org.apache.james.protocols.pop3.core.CapaCapability;
import org.apache.james.protocols.pop3.mailbox.Mailbox;
import org.govmail.auth.gate.LoginDecision;
import org.govmail.auth.gate.LoginGate;
import org.govmail.auth.gate.PeerCertificates;
import org.govmail.auth.lifecycle.LiveSessions;
import org.govmail.auth.lifecycle.SessionConnections;

import reactor.core.publisher.Mono;

/**
 * POP3 PASS and AUTH (RFC 5034: PLAIN and EXTERNAL) through the certificate gate. Declared in
 * {@code conf/pop3server.xml} before James' core handlers, so it answers PASS and AUTH itself;
 * once the gate admits a user, James' own code opens the INBOX and the message list. An opened
 * session is listed in {@link LiveSessions}, so closing the account ends it.
 */
public class GatePop3AuthHandler extends PassCmdHandler implements CapaCapability {
    private static final POP3Session.AttachmentKey<Username> ADMITTED =
        POP3Session.AttachmentKey.of("org.govmail.auth.pop3.admitted", Username.class);
    private final LoginGate gate;
    private final MailboxManager mailboxManager;
    private final MailboxAdapterFactory adapters;
    private final LiveSessions liveSessions;

    @Inject
    public GatePop3AuthHandler(@Named("mailboxmanager") MailboxManager mailboxManager, MailboxAdapterFactory adapters,
                               MetricFactory metricFactory, LoginGate gate, LiveSessions liveSessions) {
        super(mailboxManager, adapters, metricFactory);
        this.gate = gate;
        this.mailboxManager = mailboxManager;
        this.adapters = adapters;
        this.liveSessions = liveSessions;
    }

    @Override
    public Collection<String> getImplCommands() {
        return Set.of("PASS", "AUTH");
    }

    @Override
    public Set<String> getImplementedCapabilities(POP3Session session) {
        return session.isTLSStarted() ? Set.of("SASL PLAIN EXTERNAL") : Set.of();
    }

    @Override
    public Response onCommand(POP3Session session, Request request) {
        if (request.getCommand().equalsIgnoreCase("AUTH")) {
            return auth(session, request.getArgument());
        }
        if (session.getHandlerState() != POP3Session.AUTHENTICATION_USERSET || request.getArgument() == null) {
            return super.onCommand(session, request);
        }
        return admit(session, gate.passwordLogin(client(session), session.getUsername().asString(), request.getArgument()));
    }

    private Response auth(POP3Session session, String argument) {
        if (session.getHandlerState() != POP3Session.AUTHENTICATION_READY) {
            return new POP3Response(POP3Response.ERR_RESPONSE, "AUTH not allowed now");
        }
        if (argument == null || argument.isBlank()) {
            POP3Response list = new POP3Response(POP3Response.OK_RESPONSE, "mechanisms follow");
            list.appendLine("PLAIN");
            list.appendLine("EXTERNAL");
            list.appendLine(".");
            return list;
        }
        String[] parts = argument.trim().split(" ", 2);
        String mechanism = parts[0].toUpperCase(Locale.ROOT);
        if (!LoginGate.SASL_MECHANISMS.contains(mechanism)) {
            return admit(session, gate.saslLogin(client(session), mechanism, ""));
        }
        if (parts.length == 2) {
            return saslResponse(session, mechanism, parts[1].trim());
        }
        session.pushLineHandler(new LineHandler<POP3Session>() {
            @Override
            public Response onLine(POP3Session lineSession, byte[] line) {
                lineSession.popLineHandler();
                String response = new String(line, StandardCharsets.US_ASCII).trim();
                if (response.equals("*")) {
                    return new POP3Response(POP3Response.ERR_RESPONSE, "authentication aborted");
                }
                return saslResponse(lineSession, mechanism, response);
            }
        });
        return new POP3Response("+", "");
    }

    private Response saslResponse(POP3Session session, String mechanism, String response) {
        return admit(session, gate.saslLogin(client(session), mechanism, response));
    }

    private Response admit(POP3Session session, LoginDecision decision) {
        if (!decision.isAllowed()) {
            return refusal(session, decision);
        }
        Username username = Username.of(decision.account().orElseThrow().id());
        session.setUsername(username);
        session.setAttachment(ADMITTED, username, POP3Session.State.Connection);
        try {
            Response response = doAuth(session, username, null);
            if (session.getHandlerState() == POP3Session.TRANSACTION) {
                // No farewell line: POP3 has no unsolicited replies, one could be read as a command's answer.
                SessionConnections.keepListed(SessionConnections.of(session), liveSessions, username.asString(), "POP3",
                    Optional.empty());
            }
            return response;
        } finally {
            session.removeAttachment(ADMITTED, POP3Session.State.Connection);
        }
    }

    /** Called by James' PASS handling once {@link #admit} let the user in: opens the INBOX without a second password check. */
    @Override
    protected Mailbox auth(POP3Session session, Username username, String password) throws Exception {
        Optional<Username> admitted = session.getAttachment(ADMITTED, POP3Session.State.Connection);
        if (admitted.isEmpty() || !admitted.get().equals(username)) {
            return null;
        }
        MailboxSession mailboxSession = mailboxManager.authenticate(username).withoutDelegation();
        MailboxPath inbox = MailboxPath.inbox(mailboxSession);
        if (!Mono.from(mailboxManager.mailboxExists(inbox, mailboxSession)).block()) {
            try {
                mailboxManager.createMailbox(inbox, mailboxSession);
            } catch (org.apache.james.mailbox.exception.MailboxExistsException e) {
                // Created meanwhile by a delivery: that is the INBOX we want.
            }
        }
        MessageManager mailbox = mailboxManager.getMailbox(inbox, mailboxSession);
        session.stopDetectingCommandInjection();
        return adapters.create(mailbox, mailboxSession);
    }

    private static Response refusal(POP3Session session, LoginDecision decision) {
        session.setHandlerState(POP3Session.AUTHENTICATION_READY);
        return new POP3Response(POP3Response.ERR_RESPONSE, "[AUTH] " + decision.code() + ": " + decision.clientText());
    }

    private static LoginGate.Client client(POP3Session session) {
        return new LoginGate.Client("POP3", session.getRemoteAddress().getAddress().getHostAddress(),
            session.getSSLSession().isPresent(), PeerCertificates.of(session.getSSLSession().orElse(null)));
    }
}
