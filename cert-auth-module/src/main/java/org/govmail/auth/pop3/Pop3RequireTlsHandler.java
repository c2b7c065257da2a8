package org.govmail.auth.pop3;

import java.util.Collection;
import java.util.List;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.pop3.POP3Response;
import org.apache.james.protocols.pop3.POP3Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POP3 in James 3.8.1 accepts USER/PASS in clear before STLS. Declared in {@code conf/pop3server.xml}
 * before the core handlers, this answers every authentication command on a plain connection with an
 * {@code -ERR [AUTH]} (RFC 3206) and lets it through once TLS is up.
 */
public class Pop3RequireTlsHandler implements CommandHandler<POP3Session> {
    private static final Logger LOGGER = LoggerFactory.getLogger(Pop3RequireTlsHandler.class);
    private static final List<String> AUTHENTICATION_COMMANDS = List.of("USER", "PASS", "APOP", "AUTH");
    private static final Response TLS_REQUIRED = new POP3Response(POP3Response.ERR_RESPONSE,
        "[AUTH] Authentication requires TLS: send STLS first").immutable();

    @Override
    public Response onCommand(POP3Session session, Request request) {
        if (session.isTLSStarted()) {
            return null; // let the core handler authenticate
        }
        LOGGER.info("POP3 {} refused before TLS from {} (reason TLS_REQUIRED)", request.getCommand(),
            session.getRemoteAddress().getAddress().getHostAddress());
        return TLS_REQUIRED;
    }

    @Override
    public Collection<String> getImplCommands() {
        return AUTHENTICATION_COMMANDS;
    }
}
