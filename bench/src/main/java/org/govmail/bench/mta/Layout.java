package org.govmail.bench.mta;

import java.nio.file.Path;

/**
 * Where everything of one instance lives under its root folder. The system's /etc/postfix,
 * /var/spool/postfix, /etc/dovecot and /run/dovecot are never written: every state, queue, socket and log
 * path of both servers is one of these.
 */
record Layout(Path root) {
    Path tls() {
        return root.resolve("tls");
    }

    Path serverCertificate() {
        return tls().resolve("server.pem");
    }

    Path serverKey() {
        return tls().resolve("server.key");
    }

    Path clientCa() {
        return tls().resolve("client-ca.pem");
    }

    Path postfix() {
        return root.resolve("postfix");
    }

    /** Postfix's config_directory: main.cf, master.cf and the recipient table. */
    Path postfixConfig() {
        return postfix().resolve("conf");
    }

    Path postfixQueue() {
        return postfix().resolve("queue");
    }

    Path postfixData() {
        return postfix().resolve("data");
    }

    Path postfixLog() {
        return postfix().resolve("maillog");
    }

    /** Output of the "postfix start-fg" process itself (errors before the log is open). */
    Path postfixConsole() {
        return postfix().resolve("console.log");
    }

    Path postfixMasterPid() {
        return postfixQueue().resolve("pid/master.pid");
    }

    Path dovecot() {
        return root.resolve("dovecot");
    }

    Path dovecotConfig() {
        return dovecot().resolve("dovecot.conf");
    }

    Path dovecotUsers() {
        return dovecot().resolve("users");
    }

    /** Dovecot's base_dir: its sockets and master.pid. */
    Path dovecotRun() {
        return dovecot().resolve("run");
    }

    Path dovecotState() {
        return dovecot().resolve("state");
    }

    Path dovecotLog() {
        return dovecot().resolve("dovecot.log");
    }

    Path dovecotInfoLog() {
        return dovecot().resolve("dovecot-info.log");
    }

    Path dovecotConsole() {
        return dovecot().resolve("console.log");
    }

    Path dovecotMasterPid() {
        return dovecotRun().resolve("master.pid");
    }

    Path mail() {
        return root.resolve("mail");
    }
}
