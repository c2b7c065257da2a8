package org.govmail.auth.sieve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.managesieve.api.ManageSieveException;
import org.apache.james.managesieve.api.Session;
import org.apache.james.managesieve.transcode.ArgumentParser;
import org.apache.james.managesieve.transcode.ManageSieveProcessor;
import org.apache.james.managesieve.transcode.NotEnoughDataException;
import org.apache.james.sieverepository.api.exception.SieveRepositoryException;
import org.govmail.auth.gate.LoginDecision;
import org.govmail.auth.gate.LoginGate;
import org.govmail.auth.lifecycle.LiveSessions;
import org.govmail.auth.lifecycle.SessionConnections;

/**
 * James' ManageSieve commands, with AUTHENTICATE answered by the login gate (RFC 5804 section 2.1):
 * PLAIN with the registered client certificate, or EXTERNAL. James' own AUTHENTICATE would check a
 * password alone, so it is never reached before a session is authenticated. An authenticated session
 * is listed in {@link LiveSessions}, so closing the account ends it.
 */
public final class GateManageSieveProcessor extends ManageSieveProcessor {
    private static final String JAMES_SASL = "\"SASL\" \"PLAIN\"";
    private static final String GATE_SASL = "\"SASL\" \"" + String.join(" ", LoginGate.SASL_MECHANISMS) + "\"";
    /** RFC 5804 1.3: BYE tells the client the server is closing the connection, and why. */
    private static final Optional<String> CLOSED_BY_ADMINISTRATOR =
        Optional.of("BYE \"session closed: this account can no longer log in\"");
    private final LoginGate gate;
    private final LiveSessions liveSessions;

    public GateManageSieveProcessor(ArgumentParser parser, LoginGate gate, LiveSessions liveSessions) {
        super(parser);
        this.gate = gate;
        this.liveSessions = liveSessions;
    }

    @Override
    public String handleRequest(Session session, String request) throws ManageSieveException, SieveRepositoryException {
        if (!session.isAuthenticated()) {
            Optional<String> answer = authentication(session, request);
            if (answer.isPresent()) {
                return answer.get() + "\r\n";
            }
        }
        String response = super.handleRequest(session, SieveStrings.literalInCharacters(request));
        // Only a capability listing names the mechanisms; a script's text (GETSCRIPT) must pass untouched.
        return command(request).equalsIgnoreCase(CAPABILITY) ? advertiseGateMechanisms(response) : response;
    }

    private static String command(String request) {
        String trimmed = request.trim();
        int space = trimmed.indexOf(' ');
        return space < 0 ? trimmed : trimmed.substring(0, space);
    }

    @Override
    public String getAdvertisedCapabilities() {
        return advertiseGateMechanisms(super.getAdvertisedCapabilities());
    }

    private Optional<String> authentication(Session session, String request) {
        GatedSieveSession gated = session instanceof GatedSieveSession known ? known : null;
        if (gated != null && gated.pendingMechanism().isPresent()) {
            String mechanism = gated.pendingMechanism().get();
            List<String> response = SieveStrings.parse(request.trim());
            gated.awaitResponse(Optional.empty());
            if (response.size() != 1) {
                return Optional.of("NO \"authentication aborted\"");
            }
            return Optional.of(complete(gated, mechanism, response.get(0)));
        }
        if (!command(request).equalsIgnoreCase(AUTHENTICATE)) {
            return Optional.empty();
        }
        if (gated == null) {
            return Optional.of("NO \"SERVER_ERROR: this connection cannot be authenticated\"");
        }
        String trimmed = request.trim();
        int space = trimmed.indexOf(' ');
        List<String> arguments = space < 0 ? List.of() : SieveStrings.parse(trimmed.substring(space + 1).trim());
        if (arguments.isEmpty() || arguments.size() > 2) {
            return Optional.of("NO \"AUTHENTICATE needs a mechanism and at most one initial response\"");
        }
        String mechanism = arguments.get(0).toUpperCase(Locale.ROOT);
        if (arguments.size() == 2 || !LoginGate.SASL_MECHANISMS.contains(mechanism)) {
            return Optional.of(complete(gated, mechanism, arguments.size() == 2 ? arguments.get(1) : ""));
        }
        gated.awaitResponse(Optional.of(mechanism));
        return Optional.of("\"\"");
    }

    private String complete(GatedSieveSession session, String mechanism, String response) {
        if (response.equals("*")) {
            return "NO \"authentication aborted\"";
        }
        LoginDecision decision = gate.saslLogin(session.client(), mechanism, response);
        if (!decision.isAllowed()) {
            return "NO \"" + decision.code() + ": " + decision.clientText().replace("\"", "'") + "\"";
        }
        String accountId = decision.account().orElseThrow().id();
        session.setUser(Username.of(accountId));
        session.setState(Session.State.AUTHENTICATED);
        SessionConnections.keepListed(Optional.of(session.connection()), liveSessions, accountId, "MANAGESIEVE",
            CLOSED_BY_ADMINISTRATOR);
        return "OK";
    }

    private static String advertiseGateMechanisms(String response) {
        return response.replace(JAMES_SASL, GATE_SASL);
    }

    /** ManageSieve strings: quoted ({@code "..."} with backslash escapes) or literal ({@code {n+}CRLF...}). */
    static final class SieveStrings {
        private static final java.util.regex.Pattern LITERAL = java.util.regex.Pattern.compile("\\{(\\d{1,9})(\\+?)}\r\n");

        private SieveStrings() {
        }

        /**
         * A literal's length counts octets (RFC 5804), James' PUTSCRIPT and CHECKSCRIPT count Java
         * characters, so a script with Korean text would wait forever for bytes already received.
         * Rewrites the first literal's length in characters; incomplete → {@link NotEnoughDataException}.
         */
        static String literalInCharacters(String request) {
            java.util.regex.Matcher literal = LITERAL.matcher(request);
            if (!literal.find()) {
                return request;
            }
            long octets = Long.parseLong(literal.group(1));
            String rest = request.substring(literal.end());
            long seen = 0;
            int chars = 0;
            while (chars < rest.length() && seen < octets) {
                int codePoint = rest.codePointAt(chars);
                seen += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
                chars += Character.charCount(codePoint);
            }
            if (seen < octets) {
                throw new NotEnoughDataException();
            }
            return request.substring(0, literal.start()) + "{" + chars + literal.group(2) + "}\r\n" + rest;
        }

        /** The strings in {@code text}; throws {@link NotEnoughDataException} while a literal is incomplete. */
        static List<String> parse(String text) {
            List<String> strings = new ArrayList<>();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == ' ') {
                    i++;
                } else if (c == '"') {
                    StringBuilder value = new StringBuilder();
                    i++;
                    while (i < text.length() && text.charAt(i) != '"') {
                        if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                            i++;
                        }
                        value.append(text.charAt(i++));
                    }
                    if (i >= text.length()) {
                        return List.of(); // unterminated: malformed
                    }
                    strings.add(value.toString());
                    i++;
                } else if (c == '{') {
                    int close = text.indexOf('}', i);
                    if (close < 0) {
                        return List.of();
                    }
                    String length = text.substring(i + 1, close).replace("+", "");
                    int size;
                    try {
                        size = Integer.parseInt(length);
                    } catch (NumberFormatException e) {
                        return List.of();
                    }
                    int start = close + 1;
                    if (text.startsWith("\r\n", start)) {
                        start += 2;
                    }
                    if (start + size > text.length()) {
                        throw new NotEnoughDataException();
                    }
                    strings.add(text.substring(start, start + size));
                    i = start + size;
                } else {
                    // An atom (clients sometimes send the mechanism unquoted).
                    int end = text.indexOf(' ', i);
                    end = end < 0 ? text.length() : end;
                    strings.add(text.substring(i, end));
                    i = end;
                }
            }
            return strings;
        }
    }
}
