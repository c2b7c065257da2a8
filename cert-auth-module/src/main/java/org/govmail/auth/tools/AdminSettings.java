package org.govmail.auth.tools;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where govmail-admin connects and as whom: {@code --url}, else WebAdmin's port from
 * {@code conf/webadmin.properties} on loopback; as an account when {@code GOVMAIL_TOKEN} holds an access
 * token from the web front end's certificate login ({@code POST /govmail/auth/login}), sent as
 * {@code Authorization: Bearer}; else as the super administrator from {@code conf/jmxremote.password} —
 * the same file and format as the server's {@code AdminSecret} — over HTTP Basic.
 * A token is never a command-line argument: it would show in {@code ps} and shell history. Account
 * passwords no longer work on the REST API, so there is no {@code --user} any more.
 */
final class AdminSettings {
    static final String TOKEN_VARIABLE = "GOVMAIL_TOKEN";
    /** Where an access token comes from, as the hints name it. */
    static final String TOKEN_SOURCE = "an access token from the web login, POST /govmail/auth/login";
    static final int DEFAULT_PORT = 8000;
    /** RFC 6750's b64token: what may follow "Bearer " (a JWT's base64url parts and dots fit). */
    private static final Pattern BEARER_TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    /**
     * What goes in the Authorization header, and who that is in words ({@code description}) for
     * messages. {@link #toString()} never shows the header: it holds the secret or the token.
     */
    record Credentials(String description, String authorization) {
        Credentials {
            Objects.requireNonNull(description);
            Objects.requireNonNull(authorization);
        }

        static Credentials basic(String user, String secret) {
            return new Credentials("the super administrator " + user + " (conf/jmxremote.password)",
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        }

        static Credentials bearer(String token) {
            return new Credentials("the account of the access token in " + TOKEN_VARIABLE, "Bearer " + token);
        }

        boolean isToken() {
            return authorization.startsWith("Bearer ");
        }

        @Override
        public String toString() {
            return "Credentials[" + description + "]";
        }
    }

    private final Path home;
    private final Map<String, String> environment;

    AdminSettings(Path home, Map<String, String> environment) {
        this.home = home;
        this.environment = Map.copyOf(environment);
    }

    URI url(CommandLine line) throws UsageException {
        Optional<String> given = line.option("url");
        if (given.isPresent()) {
            try {
                URI uri = new URI(given.get());
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new URISyntaxException(given.get(), "not an http(s) URL");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new UsageException("--url must be an http:// or https:// URL, not '" + given.get() + "'");
            }
        }
        Properties webadmin = new Properties();
        Path file = home.resolve("conf/webadmin.properties");
        if (Files.isReadable(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                webadmin.load(reader);
            } catch (IOException e) {
                throw new UsageException("cannot read " + file + ": " + e.getMessage());
            }
        }
        String port = webadmin.getProperty("port", String.valueOf(DEFAULT_PORT)).trim();
        if (!port.matches("\\d{1,5}")) {
            throw new UsageException(file + ": port '" + port + "' is not a number; pass --url");
        }
        String scheme = Boolean.parseBoolean(webadmin.getProperty("https.enabled", "false").trim()) ? "https" : "http";
        // WebAdmin listens on loopback (see conf/webadmin.properties); another host is reached with --url.
        return URI.create(scheme + "://127.0.0.1:" + port);
    }

    Optional<String> language(CommandLine line) throws UsageException {
        Optional<String> given = line.option("lang").map(value -> value.trim().toLowerCase(Locale.ROOT));
        if (given.isPresent() && !given.get().equals("en") && !given.get().equals("ko")) {
            throw new UsageException("--lang must be en or ko, not '" + line.option("lang").orElse("") + "'");
        }
        return given;
    }

    /** The account of {@code GOVMAIL_TOKEN} when it is set (not blank), else the super administrator. */
    Credentials credentials() throws UsageException {
        String token = environment.getOrDefault(TOKEN_VARIABLE, "").strip();
        if (!token.isEmpty()) {
            // Checked here, not by the HTTP client: a newline would otherwise fail as an obscure header error,
            // and a pasted "Bearer ..." would be sent as "Bearer Bearer ...". The token itself is never printed.
            if (!BEARER_TOKEN.matcher(token).matches()) {
                throw new UsageException(TOKEN_VARIABLE + " is not an access token (it holds spaces or other characters a "
                    + "token never has): set it to the token alone, without 'Bearer ', as the web login returned it");
            }
            return Credentials.bearer(token);
        }
        return superAdministrator();
    }

    /** The first {@code <user> <secret>} line of conf/jmxremote.password, as the server reads it. */
    private Credentials superAdministrator() throws UsageException {
        Path file = home.resolve("conf/jmxremote.password");
        try {
            for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = raw.trim();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] parts = trimmed.split("\\s+", 2);
                if (parts.length == 2) {
                    return Credentials.basic(parts[0], parts[1]);
                }
            }
            throw new UsageException(file + " holds no '<user> <secret>' line");
        } catch (NoSuchFileException e) {
            throw new UsageException("no " + file + " yet: start the server once ('scripts/govmail start'), or set "
                + TOKEN_VARIABLE + " (" + TOKEN_SOURCE + ")");
        } catch (AccessDeniedException e) {
            throw new UsageException("cannot read " + file + " (it is readable by the server's user only): run as "
                + "that user, or set " + TOKEN_VARIABLE + " (" + TOKEN_SOURCE + ")");
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
