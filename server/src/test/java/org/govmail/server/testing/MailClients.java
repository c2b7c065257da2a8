package org.govmail.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Properties;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import jakarta.activation.CommandMap;
import jakarta.activation.MailcapCommandMap;
import jakarta.mail.Session;

/**
 * Jakarta Mail sessions configured as a careful user would: TLS required, the server's certificate
 * checked against the dev CA and the host name verified. Nothing here trusts everything.
 */
public final class MailClients {
    static {
        // James puts the old javax.mail on the classpath too; its META-INF/mailcap names com.sun.mail
        // handlers that jakarta.activation cannot use. Programmatic entries are looked up first.
        MailcapCommandMap commands = new MailcapCommandMap();
        String handlers = "org.eclipse.angus.mail.handlers.";
        commands.addMailcap("text/plain;; x-java-content-handler=" + handlers + "text_plain");
        commands.addMailcap("text/html;; x-java-content-handler=" + handlers + "text_html");
        commands.addMailcap("text/xml;; x-java-content-handler=" + handlers + "text_xml");
        commands.addMailcap("multipart/*;; x-java-content-handler=" + handlers + "multipart_mixed; x-java-fallback-entry=true");
        commands.addMailcap("message/rfc822;; x-java-content-handler=" + handlers + "message_rfc822");
        CommandMap.setDefaultCommandMap(commands);
    }

    private final GovmailProcess server;
    private final SSLSocketFactory tls;

    /** Clients presenting the certificate of the server's only account, if it has exactly one. */
    public MailClients(GovmailProcess server) throws IOException, GeneralSecurityException {
        this(server, server.soleAccount().map(TestAccount::pkcs12).orElse(null));
    }

    /** Clients presenting the certificate in {@code pkcs12} (null: no client certificate). */
    public MailClients(GovmailProcess server, Path pkcs12) throws IOException, GeneralSecurityException {
        this(server, pkcs12, TestAccount.PKCS12_PASSWORD);
    }

    /** Clients presenting the certificate in {@code pkcs12} under another password (the web front end's). */
    public MailClients(GovmailProcess server, Path pkcs12, char[] password) throws IOException, GeneralSecurityException {
        this.server = server;
        this.tls = trusting(server.devCaCertificate(), pkcs12, password);
    }

    /** The web front end's servers: presenting its TLS client certificate, logging users in with their tokens. */
    public static MailClients frontEnd(GovmailProcess server) throws IOException, GeneralSecurityException {
        return new MailClients(server, WebLoginClient.frontEndPkcs12(server), org.govmail.auth.token.DevFrontEnd.P12_PASSWORD.toCharArray());
    }

    /** Clients presenting {@code address}'s registered certificate. */
    public MailClients as(String address) throws IOException, GeneralSecurityException {
        return new MailClients(server, server.account(address).pkcs12());
    }

    /** Clients presenting no certificate at all. */
    public MailClients withoutCertificate() throws IOException, GeneralSecurityException {
        return new MailClients(server, (Path) null);
    }

    public SSLSocketFactory socketFactory() {
        return tls;
    }

    /** Submission on the STARTTLS port; AUTH only after the upgrade. */
    public Session submission() {
        Properties p = verifiedTls("smtp", server.submissionPort());
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        return Session.getInstance(p);
    }

    /** SMTPS: TLS from the first byte (RFC 8314). */
    public Session smtps() {
        Properties p = verifiedTls("smtps", server.smtpsPort());
        p.put("mail.transport.protocol", "smtps");
        p.put("mail.smtps.auth", "true");
        return Session.getInstance(p);
    }

    /** POP3 upgraded with STLS before USER/PASS. */
    public Session pop3() {
        Properties p = verifiedTls("pop3", server.pop3Port());
        p.put("mail.pop3.starttls.enable", "true");
        p.put("mail.pop3.starttls.required", "true");
        return Session.getInstance(p);
    }

    public Session imaps() {
        return Session.getInstance(verifiedTls("imaps", server.imapsPort()));
    }

    /** Plain SMTP to the MX port, as another mail server would deliver. */
    public Session mx() {
        return Session.getInstance(base("smtp", server.smtpPort()));
    }

    /** TLS (implicit or after STARTTLS) against the dev CA, with the host name checked. */
    private Properties verifiedTls(String protocol, int port) {
        Properties p = base(protocol, port);
        p.put("mail." + protocol + ".ssl.socketFactory", tls);
        p.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        return p;
    }

    private static Properties base(String protocol, int port) {
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.store.protocol", protocol);
        p.put("mail." + protocol + ".host", "localhost");
        p.put("mail." + protocol + ".port", String.valueOf(port));
        p.put("mail." + protocol + ".connectiontimeout", "10000");
        p.put("mail." + protocol + ".timeout", "30000");
        return p;
    }

    public static SSLSocketFactory trusting(Path caPem) throws IOException, GeneralSecurityException {
        return trusting(caPem, null);
    }

    public static SSLSocketFactory trusting(Path caPem, Path pkcs12) throws IOException, GeneralSecurityException {
        return trusting(caPem, pkcs12, TestAccount.PKCS12_PASSWORD);
    }

    public static SSLSocketFactory trusting(Path caPem, Path pkcs12, char[] password) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("govmail-dev-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        javax.net.ssl.KeyManager[] keyManagers = null;
        if (pkcs12 != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(pkcs12)) {
                keys.load(in, password);
            }
            javax.net.ssl.KeyManagerFactory keyFactory =
                javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            keyFactory.init(keys, password);
            keyManagers = keyFactory.getKeyManagers();
        }
        context.init(keyManagers, factory.getTrustManagers(), null);
        return context.getSocketFactory();
    }
}
