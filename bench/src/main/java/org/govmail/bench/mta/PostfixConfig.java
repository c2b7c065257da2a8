package org.govmail.bench.mta;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The Postfix 3.7 half: main.cf, master.cf and the recipient table of a private instance (started with
 * {@code postfix -c <config>}). Shaped like a small virtual-domain MX that hands every mail to Dovecot
 * over LMTP; nothing here weakens durability (Postfix's own fsync of each queue file stays on).
 */
final class PostfixConfig {
    /**
     * Lines of main.cf; every path is inside the instance's root. Postfix still reads its read-only
     * metadata (postfix-files, dynamicmaps.cf) from the package's /etc/postfix (meta_directory), but writes
     * nothing there.
     */
    private static final String MAIN_CF = """
        # Written by org.govmail.bench.mta.PostfixDovecot for one benchmark instance; rewritten on every start.
        compatibility_level = 3.6
        queue_directory = {{queue}}
        data_directory = {{data}}
        # Log to a file through the postlog service instead of syslog (none is needed on the machine).
        maillog_file = {{maillog}}
        maillog_file_prefixes = {{postfix}}

        myhostname = mail.{{domain}}
        mydomain = {{domain}}
        myorigin = $mydomain
        # The domain is a virtual mailbox domain, not a local (UNIX account) one.
        mydestination =
        alias_maps =
        alias_database =
        biff = no
        append_dot_mydomain = no

        inet_interfaces = 127.0.0.1
        inet_protocols = ipv4
        mynetworks = 127.0.0.0/8
        smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
        # Unknown users of the domain are refused at RCPT TO (smtpd_reject_unlisted_recipient, on by default)
        # because the table lists the only valid addresses.
        virtual_mailbox_domains = {{domain}}
        virtual_mailbox_maps = texthash:{{recipients}}
        virtual_transport = lmtp:inet:127.0.0.1:{{lmtpPort}}
        # This instance never sends mail off the machine: whatever is not for the domain fails at once.
        default_transport = error:outside delivery is disabled in this benchmark instance
        relay_transport = error:outside delivery is disabled in this benchmark instance
        # Up to 32 parallel LMTP deliveries (Postfix's default is 20 per destination); Dovecot accepts 64.
        lmtp_destination_concurrency_limit = 32
        # 10 MB: room for the benchmark's largest (200 KB) messages and their MIME overhead.
        message_size_limit = 10240000

        # STARTTLS offered, not required, as on an MX; same certificate and minimum version as Dovecot.
        smtpd_tls_security_level = may
        smtpd_tls_cert_file = {{certificate}}
        smtpd_tls_key_file = {{key}}
        smtpd_tls_protocols = >=TLSv1.2
        smtpd_tls_mandatory_protocols = >=TLSv1.2
        smtpd_tls_loglevel = 0
        """;

    /**
     * master.cf: the standard services minus local/virtual/pipe delivery and the SMTP client (all mail goes
     * to LMTP or the error transport), no chroot anywhere (the instance's queue is not set up as a chroot
     * jail), and smtpd only on 127.0.0.1:port.
     */
    private static final String MASTER_CF = """
        # service     type  private unpriv  chroot  wakeup  maxproc command
        127.0.0.1:{{smtpPort}} inet n   -       n       -       -       smtpd
        pickup        unix  n       -       n       60      1       pickup
        cleanup       unix  n       -       n       -       0       cleanup
        qmgr          unix  n       -       n       300     1       qmgr
        tlsmgr        unix  -       -       n       1000?   1       tlsmgr
        rewrite       unix  -       -       n       -       -       trivial-rewrite
        bounce        unix  -       -       n       -       0       bounce
        defer         unix  -       -       n       -       0       bounce
        trace         unix  -       -       n       -       0       bounce
        verify        unix  -       -       n       -       1       verify
        flush         unix  n       -       n       1000?   0       flush
        proxymap      unix  -       -       n       -       -       proxymap
        proxywrite    unix  -       -       n       -       1       proxymap
        showq         unix  n       -       n       -       -       showq
        error         unix  -       -       n       -       -       error
        retry         unix  -       -       n       -       -       error
        discard       unix  -       -       n       -       -       discard
        lmtp          unix  -       -       n       -       -       lmtp
        anvil         unix  -       -       n       -       1       anvil
        scache        unix  -       -       n       -       1       scache
        postlog       unix-dgram n  -       n       -       1       postlogd
        """;

    private PostfixConfig() {
    }

    static void write(Layout layout, PostfixDovecot.Settings settings) throws IOException {
        Map<String, String> values = Map.of(
            "queue", layout.postfixQueue().toString(),
            "data", layout.postfixData().toString(),
            "maillog", layout.postfixLog().toString(),
            "postfix", layout.postfix().toString(),
            "domain", settings.domain(),
            "recipients", layout.postfixConfig().resolve("recipients").toString(),
            "lmtpPort", Integer.toString(settings.lmtpPort()),
            "smtpPort", Integer.toString(settings.smtpPort()),
            "certificate", layout.serverCertificate().toString(),
            "key", layout.serverKey().toString());
        Files.writeString(layout.postfixConfig().resolve("main.cf"), Template.fill(MAIN_CF, values), StandardCharsets.US_ASCII);
        Files.writeString(layout.postfixConfig().resolve("master.cf"), Template.fill(MASTER_CF, values), StandardCharsets.US_ASCII);
        // texthash: read as plain text, so no postmap run and no .db file. The right-hand side is unused
        // with LMTP delivery (Dovecot decides where mail goes); it names the Maildir for the reader.
        String recipients = settings.users().stream()
            .map(user -> user.address().toLowerCase(Locale.ROOT) + "\t" + mailbox(user.address()))
            .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(layout.postfixConfig().resolve("recipients"), recipients, StandardCharsets.US_ASCII);
    }

    private static String mailbox(String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        int at = lower.indexOf('@');
        return lower.substring(at + 1) + "/" + lower.substring(0, at) + "/";
    }
}
