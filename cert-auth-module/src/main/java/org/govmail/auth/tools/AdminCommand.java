package org.govmail.auth.tools;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code scripts/govmail-admin}: account, institution and audit administration over WebAdmin's REST API
 * (docs/openapi.yaml), as the super administrator or, with an access token in {@code GOVMAIL_TOKEN}, as that
 * token's account (an institution administrator or holder); see {@link AdminSettings}.
 * Exit codes in {@link ExitCodes}; refusals print the server's reason code, message and detail.
 */
public final class AdminCommand {
    static final List<CommandSpec> COMMANDS = List.of(
        command("pending", List.of(), Set.of(), Set.of("institution"), Set.of(), "accounts waiting for approval"),
        command("list", List.of(), Set.of(), Set.of("status", "institution"), Set.of(), "accounts in your scope"),
        command("show", List.of("ID"), Set.of(), Set.of(), Set.of(), "one account with its certificate registrations"),
        command("approve", List.of("ID"), Set.of(), Set.of(), Set.of(), "approve a PENDING account"),
        command("reject", List.of("ID"), Set.of("reason"), Set.of(), Set.of(), "reject a PENDING account (final; told to the holder)"),
        command("suspend", List.of("ID"), Set.of("reason"), Set.of(), Set.of(), "suspend an account (closes its sessions)"),
        command("reinstate", List.of("ID"), Set.of(), Set.of(), Set.of(), "lift a suspension"),
        command("retire", List.of("ID"), Set.of("reason"), Set.of("at", "redirect-to"), Set.of(),
            "retire now, or at --at; mail then goes to --redirect-to or bounces"),
        command("cancel-retirement", List.of("ID"), Set.of(), Set.of(), Set.of(), "cancel a retirement scheduled with --at"),
        command("renew-cert", List.of("ID", "FILE.cer|FILE.pem"), Set.of(), Set.of(), Set.of("replace"),
            "register a renewed certificate (--replace revokes the old ones now)"),
        command("revoke-cert", List.of("ID", "FINGERPRINT"), Set.of(), Set.of("reason"), Set.of(), "revoke a certificate registration"),
        command("institutions search", List.of("NAME"), Set.of(), Set.of(), Set.of(), "who approves sign-ups of an institution (public)"),
        command("institutions list", List.of(), Set.of(), Set.of(), Set.of(), "institutions in your scope"),
        command("institutions create", List.of("CODE"), Set.of("name", "type", "domains"), Set.of(), Set.of(),
            "register an institution (TYPE: CENTRAL_MINISTRY, LOCAL_GOVERNMENT, EDUCATION_OFFICE, SCHOOL, CONSTITUTIONAL_BODY, PUBLIC_INSTITUTION, OTHER)"),
        command("institutions appoint", List.of("CODE", "ACCOUNT"), Set.of("name"), Set.of("phone"), Set.of(),
            "appoint (or update) an administrator of the institution"),
        command("institutions dismiss", List.of("CODE", "ACCOUNT"), Set.of(), Set.of(), Set.of(), "dismiss an administrator"),
        command("audit", List.of(), Set.of(), Set.of("account", "action", "limit", "actor", "institution", "from", "to"), Set.of(),
            "audit events, newest first (default 100)"),
        command("export", List.of("ID"), Set.of("out"), Set.of("folder"), Set.of(),
            "download the account's mail: ZIP of mbox files, or one --folder as mbox"),
        command("housekeeping", List.of(), Set.of(), Set.of(), Set.of(), "run the scheduled work now (retirements, reminders, purges)"));

    /**
     * Wide enough that ids and 64-digit fingerprints are never cut (they are copied into the next
     * command); only free text longer than this is, and the last column never is.
     */
    static final int MAX_CELL_WIDTH = 80;

    private final AdminSettings settings;
    private final Transport transport;
    private final PrintStream out;
    private final PrintStream err;
    private final ZoneId zone;
    private final ObjectMapper json = new ObjectMapper();

    AdminCommand(Path home, Map<String, String> environment, Transport transport, PrintStream out, PrintStream err,
                 ZoneId zone) {
        this.settings = new AdminSettings(home, environment);
        this.transport = transport;
        this.out = out;
        this.err = err;
        this.zone = zone;
    }

    public static void main(String[] args) {
        // UTF-8 whatever the locale: a server shell in the POSIX locale would print Korean names as '?'.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Path home = Path.of(System.getProperty("govmail.home", "."));
        System.exit(new AdminCommand(home, System.getenv(), new HttpTransport(), out, err, ZoneId.systemDefault())
            .run(List.of(args)));
    }

    int run(List<String> args) {
        if (args.isEmpty()) {
            err.print(usage());
            return ExitCodes.USAGE;
        }
        if (args.contains("--help") || args.contains("-h") || args.get(0).equals("help")) {
            out.print(usage());
            return ExitCodes.OK;
        }
        if (args.stream().anyMatch(arg -> arg.indexOf('\uFFFD') >= 0)) {
            // The JVM decoded the command line in a non-UTF-8 locale: Korean text is already lost.
            err.println("govmail-admin: the arguments hold characters that could not be decoded; run in a UTF-8 locale"
                + " (e.g. LC_ALL=C.UTF-8)");
            return ExitCodes.USAGE;
        }
        URI url = null;
        Optional<AdminSettings.Credentials> credentials = Optional.empty();
        try {
            CommandLine line = CommandLine.parse(args, COMMANDS);
            url = settings.url(line);
            credentials = AdminOperations.isPublic(line.spec()) ? Optional.empty() : Optional.of(settings.credentials());
            AdminClient client = new AdminClient(transport, url, credentials, settings.language(line), json);
            return new AdminOperations(client, new AdminViews(new TableRenderer(MAX_CELL_WIDTH), zone), json, out).run(line);
        } catch (UsageException e) {
            err.println("govmail-admin: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (ServerRefusal e) {
            report(e, credentials);
            return e.exitCode();
        } catch (ConnectException e) {
            err.println("govmail-admin: cannot connect to " + url + ": is the server running? ('scripts/govmail status'; another address: --url)");
            return ExitCodes.UNAVAILABLE;
        } catch (HttpTimeoutException e) {
            err.println("govmail-admin: " + url + " did not answer in time: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        } catch (IOException e) {
            err.println("govmail-admin: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return ExitCodes.UNAVAILABLE;
        }
    }

    /**
     * The refusal as the server gave it: code and message on one line, the detail on the next; after a
     * 401, what to do about the credentials that were sent.
     */
    void report(ServerRefusal refusal, Optional<AdminSettings.Credentials> sent) {
        String code = refusal.code().map(known -> known + ": ").orElse("");
        err.println("govmail-admin: " + code + refusal.getMessage() + " (HTTP " + refusal.status() + ")");
        if (!refusal.detail().isBlank()) {
            err.println("  detail: " + TableRenderer.singleLine(refusal.detail()));
        }
        if (refusal.status() == 401) {
            err.println("  " + credentialsHint(refusal.code().orElse(""), sent));
        }
    }

    private static String credentialsHint(String code, Optional<AdminSettings.Credentials> sent) {
        String token = AdminSettings.TOKEN_VARIABLE;
        String renew = ": log in on the web again (POST /govmail/auth/login) and set " + token + " to the new token";
        return switch (code) {
            case "TOKEN_EXPIRED" -> "token: the access token in " + token + " has expired (tokens are short-lived)" + renew;
            case "TOKEN_REVOKED" -> "token: the access token in " + token + " was revoked (logged out, or its sessions closed)" + renew;
            case "TOKEN_INVALID" -> "token: the access token in " + token + " is not one this server accepts (cut off when copied?)"
                + renew;
            default -> "credentials: " + sent.map(known -> "sent as " + known.description() + "; ").orElse("")
                + "they are the access token in " + token + " when it is set (" + AdminSettings.TOKEN_SOURCE
                + "), else the super administrator's from conf/jmxremote.password";
        };
    }

    static String usage() {
        StringBuilder text = new StringBuilder("""
            usage: govmail-admin COMMAND [ARGUMENTS] [--url URL] [--lang en|ko] [--json]

            """);
        for (CommandSpec spec : COMMANDS) {
            text.append("  ").append(spec.synopsis()).append('\n').append("      ").append(spec.help()).append('\n');
        }
        text.append("""

            --url    WebAdmin's address (default http://127.0.0.1:<port of conf/webadmin.properties, else 8000>)
            --lang   language of the server's messages (default Korean)
            --json   print the server's JSON instead of tables
            As whom: with GOVMAIL_TOKEN set, the account of that access token (an institution administrator or
            holder; get the token from the web login, POST /govmail/auth/login); without it, the super
            administrator (conf/jmxremote.password). The token goes in the environment, never on the command
            line, where ps and shell history would show it. Account passwords (--user) no longer work.
            Exit codes: 0 done, 1 refused by the server (code, message and detail on stderr), 2 usage error,
            3 cannot connect or server error.
            """);
        return text.toString();
    }

    private static CommandSpec command(String name, List<String> arguments, Set<String> required, Set<String> optional,
                                       Set<String> flags, String help) {
        return new CommandSpec(name, arguments, required, optional, flags, help);
    }
}
