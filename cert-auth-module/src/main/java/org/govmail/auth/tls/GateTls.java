package org.govmail.auth.tls;

import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.protocols.api.ClientAuth;
import org.apache.james.protocols.lib.SslConfig;
import org.apache.james.protocols.netty.Encryption;

/**
 * The TLS set-up of one govmail protocol server. Same {@code <tls>} block as James, with one
 * difference: {@code <clientAuth/>} asks the client for its certificate (TLS "want") and defers
 * the verdict to the login gate ({@link DeferringTrustManager}), rather than James' "need" with a
 * trust store, which would refuse unknown or expired certificates with a bare handshake alert and
 * no reason, and would refuse clients without one before they could be told why.
 */
public final class GateTls {
    private final FileSystem fileSystem;
    private SslConfig config;

    public GateTls(FileSystem fileSystem) {
        this.fileSystem = fileSystem;
    }

    /** Reads the server's {@code <tls>} block; call from the server's {@code doConfigure}. */
    public void configure(HierarchicalConfiguration<ImmutableNode> serverConfiguration) throws ConfigurationException {
        config = SslConfig.parse(serverConfiguration);
        if ((config.useSSL() || config.useStartTLS()) && config.getKeystore() == null) {
            throw new ConfigurationException("govmail TLS needs <keystore> (PEM <privateKey>/<certificates> are not supported)");
        }
    }

    /** The server's encryption, or null without TLS; call from the server's {@code buildSSLContext}. */
    public Encryption build() throws Exception {
        if (config == null || !(config.useSSL() || config.useStartTLS())) {
            return null;
        }
        char[] secret = config.getSecret() == null ? new char[0] : config.getSecret().toCharArray();
        KeyStore keyStore = KeyStore.getInstance(config.getKeystoreType());
        try (InputStream in = Files.newInputStream(fileSystem.getFile(config.getKeystore()).toPath())) {
            keyStore.load(in, secret);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, secret);

        boolean askForCertificate = config.getClientAuth() == ClientAuth.NEED;
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(),
            askForCertificate ? new TrustManager[] {new DeferringTrustManager()} : null, null);
        ClientAuth clientAuth = askForCertificate ? ClientAuth.WANT : ClientAuth.NONE;
        String[] suites = emptyToNull(config.getEnabledCipherSuites());
        String[] protocols = emptyToNull(config.getEnabledProtocols());
        return config.useStartTLS()
            ? Encryption.createStartTls(context, suites, protocols, clientAuth)
            : Encryption.createTls(context, suites, protocols, clientAuth);
    }

    private static String[] emptyToNull(String[] values) {
        return values == null || values.length == 0 ? null : values;
    }
}
