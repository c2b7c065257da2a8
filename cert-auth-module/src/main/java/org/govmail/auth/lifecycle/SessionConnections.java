package org.govmail.auth.lifecycle;

import java.util.Optional;

import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.protocols.api.ProtocolSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a James protocol session keeps its {@link LiveConnection}. James' sessions do not expose their
 * Netty channel, so the server attaches the connection when it opens and the login gate finds it there
 * when a login succeeds.
 */
public final class SessionConnections {
    private static final Logger LOGGER = LoggerFactory.getLogger(SessionConnections.class);
    private static final String NAME = "org.govmail.liveConnection";
    private static final ProtocolSession.AttachmentKey<LiveConnection> PROTOCOL_SESSION_KEY =
        ProtocolSession.AttachmentKey.of(NAME, LiveConnection.class);

    private SessionConnections() {
    }

    /** SMTP and POP3: kept for the whole connection, STARTTLS and RSET included. */
    public static void attach(ProtocolSession session, LiveConnection connection) {
        session.setAttachment(PROTOCOL_SESSION_KEY, connection, ProtocolSession.State.Connection);
    }

    public static Optional<LiveConnection> of(ProtocolSession session) {
        return session.getAttachment(PROTOCOL_SESSION_KEY, ProtocolSession.State.Connection);
    }

    public static void attach(ImapSession session, LiveConnection connection) {
        session.setAttribute(NAME, connection);
    }

    public static Optional<LiveConnection> of(ImapSession session) {
        return Optional.ofNullable(session.getAttribute(NAME))
            .filter(LiveConnection.class::isInstance)
            .map(LiveConnection.class::cast);
    }

    /**
     * Lists a freshly authenticated session in {@code sessions} until its connection ends. Without a
     * connection (a server built without govmail's pipeline) the login still works, but closing the
     * account cannot end the session: say so loudly.
     */
    public static void keepListed(Optional<LiveConnection> connection, LiveSessions sessions, String accountId,
                                  String protocol, Optional<String> farewell) {
        connection.ifPresentOrElse(
            live -> live.keepListed(sessions, accountId, protocol, farewell),
            () -> LOGGER.warn("{} session of {} has no known connection: closing the account will not end it", protocol, accountId));
    }
}
