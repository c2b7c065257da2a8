package org.govmail.bench.imap;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A small IMAP4rev1 client over implicit TLS, written for measuring servers: every public command is
 * one round trip (plus one per synchronizing literal) that the caller can time with {@code nanoTime},
 * nothing is cached or prefetched behind its back, and the bytes on the wire are exactly the ones
 * listed here. Not thread-safe: one connection per client thread, as an IMAP client has.
 *
 * <p>NO and BAD are thrown as {@link ImapException} (the connection stays usable); any other
 * {@link IOException} means the connection is gone.
 */
public final class ImapConnection implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /** A body search over 10 k messages on a busy 2-core machine can take seconds; a minute means hung. */
    private static final int READ_TIMEOUT_MILLIS = 60_000;
    private static final byte[] CRLF = {'\r', '\n'};

    private final ImapTarget target;
    private final SSLSocket socket;
    private final ImapResponseReader reader;
    private final OutputStream out;
    private final String greeting;
    private Set<String> capabilities;
    private int nextTag = 1;
    private boolean loggedOut;

    private ImapConnection(ImapTarget target, SSLSocket socket) throws IOException {
        this.target = target;
        this.socket = socket;
        this.reader = new ImapResponseReader(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        ImapResponse first = reader.read();
        if (!first.text().startsWith("* OK")) {
            throw new IOException(target + " greeted with: " + first.text());
        }
        this.greeting = first.text();
        this.capabilities = capabilitiesIn(greeting);
    }

    /**
     * Connects, completes the TLS handshake (checking the server's name against its certificate, as a
     * careful mail client does) and reads the greeting. Not logged in yet.
     */
    public static ImapConnection open(ImapTarget target) throws IOException {
        return open(target, Duration.ofMillis(READ_TIMEOUT_MILLIS));
    }

    /**
     * As {@link #open(ImapTarget)}, waiting up to {@code readTimeout} for each answer: a search that reads a
     * whole large mailbox from storage (no index) may take longer than the minute after which a command
     * usually counts as hung.
     */
    public static ImapConnection open(ImapTarget target, Duration readTimeout) throws IOException {
        SSLSocket socket = (SSLSocket) target.tls().createSocket();
        try {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(target.host(), target.port()), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(Math.toIntExact(readTimeout.toMillis()));
            socket.startHandshake();
            return new ImapConnection(target, socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The greeting line, e.g. "* OK [CAPABILITY ...] ready". */
    public String greeting() {
        return greeting;
    }

    /**
     * LOGIN with the target's user name and password as quoted strings (a literal if they are not plain
     * ASCII), then CAPABILITY: servers announce more (UIDPLUS, LITERAL+) once the user is known.
     */
    public void login() throws IOException {
        ImapReply reply = execute("LOGIN", "LOGIN ", astring(target.user()), " ", astring(target.password()));
        capabilities = reply.responseCode().filter(code -> code.startsWith("CAPABILITY "))
            .map(code -> capabilitiesIn("[" + code + "]"))
            .orElse(null);
        if (capabilities == null) {
            capability();
        }
    }

    /** CAPABILITY, remembered for the literal and expunge choices. */
    public Set<String> capability() throws IOException {
        ImapReply reply = execute("CAPABILITY", "CAPABILITY");
        Set<String> announced = Set.of();
        for (ImapResponse response : reply.untagged("CAPABILITY")) {
            announced = words(response.text().substring("* CAPABILITY".length()));
        }
        capabilities = announced;
        return capabilities;
    }

    /** The capabilities last announced (greeting, LOGIN or CAPABILITY), upper case. */
    public Set<String> capabilities() {
        return capabilities;
    }

    public boolean hasCapability(String name) {
        return capabilities.contains(name.toUpperCase(Locale.ROOT));
    }

    /** What SELECT reports about the mailbox it opened. */
    public record SelectedMailbox(long exists, long uidValidity, long uidNext) {
    }

    public SelectedMailbox select(String mailbox) throws IOException {
        ImapReply reply = execute("SELECT", "SELECT ", mailbox(mailbox));
        long exists = -1;
        long uidValidity = -1;
        long uidNext = -1;
        for (ImapResponse response : reply.untagged()) {
            String type = response.type();
            if (type.equals("EXISTS")) {
                exists = response.number();
            } else if (type.equals("OK")) {
                uidValidity = codeNumber(response.text(), "[UIDVALIDITY ", uidValidity);
                uidNext = codeNumber(response.text(), "[UIDNEXT ", uidNext);
            }
        }
        return new SelectedMailbox(exists, uidValidity, uidNext);
    }

    /** STATUS with the given items (MESSAGES, UNSEEN, UIDNEXT, ...); their values by name. */
    public Map<String, Long> status(String mailbox, String... items) throws IOException {
        ImapReply reply = execute("STATUS", "STATUS ", mailbox(mailbox), " (", String.join(" ", items), ")");
        Map<String, Long> values = new LinkedHashMap<>();
        for (ImapResponse response : reply.untagged("STATUS")) {
            String text = response.text();
            int open = text.lastIndexOf('(');
            int close = text.lastIndexOf(')');
            if (open < 0 || close < open) {
                throw new IOException("unreadable STATUS response: " + text);
            }
            String[] words = text.substring(open + 1, close).trim().split(" +");
            for (int i = 0; i + 1 < words.length; i += 2) {
                values.put(words[i].toUpperCase(Locale.ROOT), Long.parseLong(words[i + 1]));
            }
        }
        return values;
    }

    public void create(String mailbox) throws IOException {
        execute("CREATE", "CREATE ", mailbox(mailbox));
    }

    /** UID SEARCH with criteria written out by the caller in ASCII, e.g. {@code BODY "quarterlyreport"}. */
    public long[] uidSearch(String criteria) throws IOException {
        return searchResult(execute("UID SEARCH", "UID SEARCH ", ascii(criteria)));
    }

    /**
     * UID SEARCH for one text key ({@code SUBJECT}, {@code FROM}, {@code BODY}, {@code TEXT}) and value:
     * a quoted string when the value is ASCII, else {@code CHARSET UTF-8} and the value as a literal,
     * which is how a client has to send Korean search text in IMAP4rev1.
     */
    public long[] uidSearchText(String key, String value) throws IOException {
        if (isQuotable(value)) {
            return searchResult(execute("UID SEARCH", "UID SEARCH ", ascii(key), " ", quoted(value)));
        }
        return searchResult(execute("UID SEARCH", "UID SEARCH CHARSET UTF-8 ", ascii(key), " ", value.getBytes(StandardCharsets.UTF_8)));
    }

    /** UID FETCH {@code set} {@code items}; the FETCH responses, unsolicited flag updates included. */
    public List<ImapResponse> uidFetch(String set, String items) throws IOException {
        return execute("UID FETCH", "UID FETCH ", ascii(set), " ", ascii(items)).untagged("FETCH");
    }

    /**
     * UID STORE, e.g. {@code uidStore("12:14", "+FLAGS", "(\\Seen)")}; the FETCH responses with the new
     * flags (none with {@code .SILENT}).
     */
    public List<ImapResponse> uidStore(String set, String operation, String flags) throws IOException {
        return execute("UID STORE", "UID STORE ", ascii(set), " ", ascii(operation), " ", ascii(flags)).untagged("FETCH");
    }

    /** EXPUNGE; the sequence numbers expunged, as the server reported them. */
    public long[] expunge() throws IOException {
        return expunged(execute("EXPUNGE", "EXPUNGE"));
    }

    /** UID EXPUNGE (UIDPLUS, RFC 4315): only these messages, whoever else marked theirs \Deleted. */
    public long[] uidExpunge(String set) throws IOException {
        if (!hasCapability("UIDPLUS")) {
            throw new IllegalStateException(target + " does not announce UIDPLUS: UID EXPUNGE is not available");
        }
        return expunged(execute("UID EXPUNGE", "UID EXPUNGE ", ascii(set)));
    }

    /**
     * APPEND with the message as one literal: {@code {n+}} without waiting when the server announces
     * LITERAL+, else {@code {n}} and the message only after the server's "+" continuation.
     *
     * @param flags e.g. {@code List.of("\\Seen")}; empty for none
     * @return the new message's UID from APPENDUID (UIDPLUS), if the server said it
     */
    public OptionalLong append(String mailbox, Collection<String> flags, byte[] message) throws IOException {
        String flagList = flags.isEmpty() ? "" : "(" + String.join(" ", flags) + ") ";
        ImapReply reply = execute("APPEND", "APPEND ", mailbox(mailbox), " ", ascii(flagList), message);
        return reply.responseCode().filter(code -> code.startsWith("APPENDUID "))
            .map(code -> OptionalLong.of(Long.parseLong(code.split(" ")[2])))
            .orElse(OptionalLong.empty());
    }

    public void noop() throws IOException {
        execute("NOOP", "NOOP");
    }

    /** LOGOUT; a server closing the connection after its BYE but before the tagged OK still counts as done. */
    public void logout() throws IOException {
        if (loggedOut) {
            return;
        }
        loggedOut = true;
        try {
            execute("LOGOUT", "LOGOUT");
        } catch (EOFException e) {
            // James 3.8.1 sometimes closes right after the BYE: the BYE is the answer that counts.
        }
    }

    /** LOGOUT if the connection still works, then close the socket whatever happened. */
    @Override
    public void close() throws IOException {
        try {
            if (!loggedOut && !socket.isClosed()) {
                logout();
            }
        } catch (IOException e) {
            // closing anyway
        } finally {
            socket.close();
        }
    }

    /**
     * Sends one tagged command built from {@code parts}: Strings go out as they are (ASCII, the caller
     * quoted them), byte arrays as literals. Collects untagged responses until the tagged completion.
     */
    private ImapReply execute(String name, Object... parts) throws IOException {
        String tag = "a" + nextTag++;
        List<ImapResponse> untagged = new ArrayList<>();
        out.write((tag + " ").getBytes(StandardCharsets.US_ASCII));
        for (Object part : parts) {
            if (part instanceof byte[] literal) {
                writeLiteral(tag, name, literal, untagged);
            } else {
                out.write(((String) part).getBytes(StandardCharsets.US_ASCII));
            }
        }
        out.write(CRLF);
        out.flush();
        while (true) {
            ImapResponse response = readCollecting(untagged);
            if (response.isContinuation()) {
                throw new IOException(name + ": unexpected continuation request: " + response.text());
            }
            if (response.text().startsWith(tag + " ")) {
                return completion(name, tag, response.text(), untagged);
            }
            untagged.add(response);
        }
    }

    private void writeLiteral(String tag, String name, byte[] literal, List<ImapResponse> untagged) throws IOException {
        if (hasCapability("LITERAL+")) {
            out.write(("{" + literal.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(literal);
            return;
        }
        out.write(("{" + literal.length + "}\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        while (true) {
            ImapResponse response = readCollecting(untagged);
            if (response.isContinuation()) {
                break;
            }
            if (response.text().startsWith(tag + " ")) {
                completion(name, tag, response.text(), untagged); // refused before the literal: throws
                throw new IOException(name + ": completed before its literal was sent: " + response.text());
            }
            untagged.add(response);
        }
        out.write(literal);
    }

    /** Reads one response; on end of stream, says what the server said last (usually its BYE). */
    private ImapResponse readCollecting(List<ImapResponse> untagged) throws IOException {
        try {
            return reader.read();
        } catch (EOFException e) {
            String last = untagged.isEmpty() ? "" : " after: " + untagged.get(untagged.size() - 1).text();
            EOFException closed = new EOFException(e.getMessage() + last);
            closed.initCause(e);
            throw closed;
        }
    }

    private static ImapReply completion(String name, String tag, String line, List<ImapResponse> untagged) throws ImapException {
        String rest = line.substring(tag.length() + 1);
        int space = rest.indexOf(' ');
        String status = (space < 0 ? rest : rest.substring(0, space)).toUpperCase(Locale.ROOT);
        String text = space < 0 ? "" : rest.substring(space + 1);
        if (!status.equals("OK")) {
            throw new ImapException(name, status, text);
        }
        return new ImapReply(tag, status, text, untagged);
    }

    private static long[] searchResult(ImapReply reply) {
        return reply.untagged("SEARCH").stream()
            .flatMap(r -> Arrays.stream(r.text().substring("* SEARCH".length()).trim().split(" +")))
            .filter(word -> !word.isEmpty())
            .mapToLong(Long::parseLong)
            .toArray();
    }

    private static long[] expunged(ImapReply reply) {
        return reply.untagged("EXPUNGE").stream().mapToLong(ImapResponse::number).toArray();
    }

    private static long codeNumber(String text, String prefix, long otherwise) {
        int at = text.indexOf(prefix);
        if (at < 0) {
            return otherwise;
        }
        int start = at + prefix.length();
        int end = start;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return end > start ? Long.parseLong(text.substring(start, end)) : otherwise;
    }

    private static Set<String> capabilitiesIn(String text) {
        int at = text.indexOf("[CAPABILITY ");
        if (at < 0) {
            return Set.of();
        }
        int end = text.indexOf(']', at);
        return words(text.substring(at + "[CAPABILITY ".length(), end < 0 ? text.length() : end));
    }

    private static Set<String> words(String list) {
        return Arrays.stream(list.trim().split(" +"))
            .map(word -> word.toUpperCase(Locale.ROOT))
            .collect(Collectors.toCollection(TreeSet::new));
    }

    /** A quoted string when possible, else a literal (CR, LF, NUL or non-ASCII). */
    private static Object astring(String value) {
        return isQuotable(value) ? quoted(value) : value.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Mailbox names are sent quoted; names outside ASCII would need modified UTF-7 (RFC 3501 5.1.3),
     * which the benchmark's mailboxes do not use, so they are refused rather than sent wrong.
     */
    private static String mailbox(String name) {
        if (!isQuotable(name)) {
            throw new IllegalArgumentException("mailbox name must be printable ASCII (modified UTF-7 is not implemented): " + name);
        }
        return quoted(name);
    }

    private static boolean isQuotable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String ascii(String text) {
        if (!isQuotable(text)) {
            throw new IllegalArgumentException("not printable ASCII: " + text);
        }
        return text;
    }
}
