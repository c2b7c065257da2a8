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
import java.util.Optional;
import java.util.Properties;

/**
 * Where govmail-admin connects and as whom: {@code --url}, else WebAdmin's port from
 * {@code conf/webadmin.properties} on loopback; {@code --user ID} with the password from
 * {@code GOVMAIL_PASSWORD} (or asked on the terminal), else the super administrator from
 * {@code conf/jmxremote.password} — the same file and format as the server's {@code AdminSecret}.
 * A password is never a command-line argument: it would show in {@code ps} and shell history.
 */
final class AdminSettings {
    static final String PASSWORD_VARIABLE = "GOVMAIL_PASSWORD";
    static final int DEFAULT_PORT = 8000;

    /** Where a password comes from when the environment has none: the terminal, or a test. */
    @FunctionalInterface
    interface PasswordPrompt {
        Optional<char[]> ask(String question);
    }

    record Credentials(String user, String password) {
        String basicAuthorization() {
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Credentials[user=" + user + "]";
        }
    }

    private final Path home;
    private final Map<String, String> environment;
    private final PasswordPrompt prompt;

    AdminSettings(Path home, Map<String, String> environment, PasswordPrompt prompt) {
        this.home = home;
        this.environment = Map.copyOf(environment);
        this.prompt = prompt;
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

    Credentials credentials(CommandLine line) throws UsageException {
        Optional<String> user = line.option("user").map(String::trim);
        if (user.isPresent()) {
            if (user.get().isEmpty()) {
                throw new UsageException("--user needs an account id");
            }
            String password = environment.get(PASSWORD_VARIABLE);
            if (password == null) {
                char[] typed = prompt.ask("Password of " + user.get() + ": ").orElseThrow(() ->
                    new UsageException("no terminal to ask for the password of " + user.get() + ": set " + PASSWORD_VARIABLE));
                password = new String(typed);
            }
            return new Credentials(user.get(), password);
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
                    return new Credentials(parts[0], parts[1]);
                }
            }
            throw new UsageException(file + " holds no '<user> <secret>' line");
        } catch (NoSuchFileException e) {
            throw new UsageException("no " + file + " yet: start the server once ('scripts/govmail start'), or use --user ID");
        } catch (AccessDeniedException e) {
            throw new UsageException("cannot read " + file + " (it is readable by the server's user only): run as that user, or use --user ID");
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
