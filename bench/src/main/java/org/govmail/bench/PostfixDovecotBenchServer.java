package org.govmail.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.govmail.auth.devpki.DevPki;
import org.govmail.bench.load.ClientTls;
import org.govmail.bench.mta.PostfixDovecot;
import org.govmail.server.startup.DevTlsMaterial;
import org.govmail.server.testing.GovmailProcess;

/**
 * Postfix + Dovecot from the Debian packages, set up like govmail for the same users: the same
 * server certificate (so clients trust both alike), client-certificate TLS on IMAPS against the same
 * GPKI test CA, and the users' certificates from govmail's development PKI.
 */
final class PostfixDovecotBenchServer implements BenchServer {
    private final PostfixDovecot mta;
    private final PostfixDovecot.Settings settings;
    private final GovmailBenchServer reference;

    private PostfixDovecotBenchServer(PostfixDovecot mta, PostfixDovecot.Settings settings, GovmailBenchServer reference) {
        this.mta = mta;
        this.settings = settings;
        this.reference = reference;
    }

    /** {@code reference}: the govmail server whose TLS material and user certificates are shared. */
    static PostfixDovecotBenchServer start(Path root, GovmailBenchServer reference, Map<String, String> users, String password) throws Exception {
        Files.createDirectories(root);
        GovmailProcess govmail = reference.process();
        KeyStore serverKeys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(govmail.root().resolve(DevTlsMaterial.SERVER_KEYSTORE))) {
            serverKeys.load(in, DevTlsMaterial.DEV_SECRET.toCharArray());
        }
        String alias = serverKeys.aliases().nextElement();
        Path certificate = root.resolve("server.pem");
        Path key = root.resolve("server.key");
        StringBuilder chain = new StringBuilder();
        for (java.security.cert.Certificate c : serverKeys.getCertificateChain(alias)) {
            chain.append(DevPki.pem(c));
        }
        Files.writeString(certificate, chain);
        Files.writeString(key, DevPki.pem((PrivateKey) serverKeys.getKey(alias, DevTlsMaterial.DEV_SECRET.toCharArray())));
        DevPki pki = govmail.devPki();
        Path clientCa = root.resolve("client-ca.pem");
        X509Certificate gpkiRoot = pki.root(DevPki.Scheme.GPKI);
        Files.writeString(clientCa, DevPki.pem(gpkiRoot) + DevPki.pem(pki.ca(DevPki.Scheme.GPKI).certificate()));
        PostfixDovecot.Settings settings = new PostfixDovecot.Settings(root, BenchUsers.DOMAIN,
            GovmailProcess.freePort(), GovmailProcess.freePort(), GovmailProcess.freePort(), certificate, key, clientCa,
            users.keySet().stream().map(address -> new PostfixDovecot.User(address, password)).toList());
        return new PostfixDovecotBenchServer(PostfixDovecot.start(settings), settings, reference);
    }

    @Override
    public String name() {
        return "Postfix + Dovecot";
    }

    @Override
    public int smtpPort() {
        return settings.smtpPort();
    }

    @Override
    public int imapsPort() {
        return settings.imapsPort();
    }

    @Override
    public ClientTls tls(String address) {
        return reference.tls(address);
    }

    @Override
    public List<Long> rootPids() {
        return mta.rootPids();
    }

    @Override
    public Duration startup() {
        return mta.startupTime();
    }

    @Override
    public void close() {
        mta.close();
    }
}
