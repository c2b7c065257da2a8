package org.govmail.bench.mta;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Dovecot 2.3 half: one dovecot.conf (started with {@code dovecot -c <file>}) and the passwd-file with
 * the users. IMAPS with client certificates as govmail does it, LMTP for Postfix, Maildir storage.
 */
final class DovecotConfig {
    /** Debian's mail account (uid/gid 8 on every Debian), owner of all mailboxes: it exists without any setup. */
    static final String MAIL_USER = "mail";
    /**
     * SHA512-CRYPT at 100 000 rounds: govmail stores PBKDF2-HMAC-SHA512 at 100 000 iterations, so a LOGIN
     * costs both servers a comparable amount of hashing (Dovecot's default would be 5 000 rounds).
     */
    static final String PASSWORD_SCHEME = "SHA512-CRYPT";
    static final int PASSWORD_ROUNDS = 100_000;
    static final String DOVEADM = "/usr/bin/doveadm";

    private static final String CONF = """
        # Written by org.govmail.bench.mta.PostfixDovecot for one benchmark instance; rewritten on every start.
        base_dir = {{run}}
        state_dir = {{state}}
        log_path = {{log}}
        info_log_path = {{infoLog}}
        protocols = imap lmtp
        listen = 127.0.0.1
        # The Debian package's accounts for Dovecot's own processes and its unprivileged login processes.
        default_internal_user = dovecot
        default_login_user = dovenull

        # TLS as govmail's IMAPS: TLS 1.2 or newer, and a client certificate chaining to the trusted CAs
        # (root and intermediate in one file) is required before any LOGIN is accepted.
        ssl = required
        ssl_cert = <{{certificate}}
        ssl_key = <{{key}}
        ssl_min_protocol = TLSv1.2
        ssl_ca = <{{clientCa}}
        ssl_verify_client_cert = yes
        auth_ssl_require_client_cert = yes
        # No CRL check: with the default (yes) every CA of the chain, the root included, needs a CRL in
        # ssl_ca, and without them each client certificate counts as invalid ("client sent an invalid
        # cert"). govmail checks the issuing CA's CRL; this is where the two gates differ.
        ssl_require_crl = no
        # ssl_dh is not set: TLS 1.3 and the ECDHE suites need none, and Dovecot starts without it.

        # Users are full addresses; passwords are SHA512-CRYPT with 100000 rounds (see DovecotConfig),
        # verified on every login (auth_cache_size stays 0, as govmail hashes every LOGIN too).
        auth_username_format = %Lu
        passdb {
          driver = passwd-file
          args = {{users}}
        }
        userdb {
          driver = passwd-file
          args = {{users}}
        }
        # All benchmark loopback clients come from 127.0.0.1: the failed-login penalty (growing delays per
        # IP) would slow every later login after the one deliberate failure, so it is switched off.
        service anvil {
          unix_listener anvil-auth-penalty {
            mode = 0
          }
        }
        # The default 10 connections per user and IP is too few for 32 benchmark clients of one user.
        mail_max_userip_connections = 100

        mail_uid = {{mailUser}}
        mail_gid = {{mailUser}}
        first_valid_uid = {{mailUid}}
        last_valid_uid = {{mailUid}}
        first_valid_gid = {{mailGid}}
        last_valid_gid = {{mailGid}}
        mail_home = {{mail}}/%d/%n
        mail_location = maildir:{{mail}}/%d/%n
        # mail_fsync stays at its default (optimized): files are fsynced before a delivery is acknowledged.
        postmaster_address = postmaster@{{domain}}

        # Login processes in Dovecot's documented high-performance mode: a few long-lived processes (one per
        # core) each handling many TLS connections, rather than one new process per connection (the
        # default, high-security mode). govmail, one JVM with thread pools, is closer to this mode.
        service imap-login {
          inet_listener imap {
            port = 0
          }
          inet_listener imaps {
            address = 127.0.0.1
            port = {{imapsPort}}
            ssl = yes
          }
          service_count = 0
          process_min_avail = {{cores}}
          vsz_limit = 1G
        }
        # One imap process per logged-in connection: 128 leaves room for 32 clients and stragglers.
        service imap {
          process_limit = 128
        }
        # One lmtp process per Postfix LMTP connection: Postfix opens up to 32 at once.
        service lmtp {
          inet_listener lmtp {
            address = 127.0.0.1
            port = {{lmtpPort}}
          }
          unix_listener lmtp {
            mode = 0
          }
          process_limit = 64
        }
        """;

    private DovecotConfig() {
    }

    static void write(Layout layout, PostfixDovecot.Settings settings, int mailUid, int mailGid) throws IOException, InterruptedException {
        Map<String, String> values = Map.ofEntries(
            Map.entry("run", layout.dovecotRun().toString()),
            Map.entry("state", layout.dovecotState().toString()),
            Map.entry("log", layout.dovecotLog().toString()),
            Map.entry("infoLog", layout.dovecotInfoLog().toString()),
            Map.entry("certificate", layout.serverCertificate().toString()),
            Map.entry("key", layout.serverKey().toString()),
            Map.entry("clientCa", layout.clientCa().toString()),
            Map.entry("users", layout.dovecotUsers().toString()),
            Map.entry("mailUser", MAIL_USER),
            Map.entry("mailUid", Integer.toString(mailUid)),
            Map.entry("mailGid", Integer.toString(mailGid)),
            Map.entry("mail", layout.mail().toString()),
            Map.entry("domain", settings.domain()),
            Map.entry("imapsPort", Integer.toString(settings.imapsPort())),
            Map.entry("lmtpPort", Integer.toString(settings.lmtpPort())),
            Map.entry("cores", Integer.toString(Runtime.getRuntime().availableProcessors())));
        Files.writeString(layout.dovecotConfig(), Template.fill(CONF, values), StandardCharsets.US_ASCII);

        List<String> lines = new ArrayList<>();
        for (PostfixDovecot.User user : settings.users()) {
            // passwd-file: user:password:uid:gid:gecos:home:shell:extra. uid, gid and home come from
            // mail_uid/mail_gid/mail_home above.
            lines.add(user.address().toLowerCase(Locale.ROOT) + ":" + hash(layout.dovecotConfig(), user.password()) + "::::::");
        }
        Files.write(layout.dovecotUsers(), lines, StandardCharsets.US_ASCII);
    }

    /** {@code {SHA512-CRYPT}$6$rounds=100000$...} from doveadm, read with this instance's configuration. */
    private static String hash(Path config, String password) throws IOException, InterruptedException {
        Process doveadm = new ProcessBuilder(DOVEADM, "-c", config.toString(), "pw",
            "-s", PASSWORD_SCHEME, "-r", Integer.toString(PASSWORD_ROUNDS), "-p", password)
            .redirectErrorStream(true).start();
        String output = new String(doveadm.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (!doveadm.waitFor(30, TimeUnit.SECONDS) || doveadm.exitValue() != 0
                || !output.startsWith("{" + PASSWORD_SCHEME + "}$6$rounds=" + PASSWORD_ROUNDS + "$")) {
            doveadm.destroyForcibly();
            throw new IOException("doveadm pw failed: " + output);
        }
        return output;
    }
}
