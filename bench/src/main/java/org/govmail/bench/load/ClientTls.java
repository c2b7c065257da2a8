package org.govmail.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A mail user's TLS client side: their certificate and key (PKCS#12) and the CA that signed the
 * servers' certificates. Every connection from {@link #factory()} starts with an empty session cache,
 * so it is a full handshake, never a resumed session: that is what a login-rate measurement must
 * count, and Dovecot with client-certificate verification refuses a resumption attempt outright
 * ("session id context uninitialized") instead of falling back to a full handshake.
 */
public final class ClientTls {
    private final KeyManager[] keys;
    private final TrustManager[] trust;
    private final SSLSocketFactory factory = new FreshContextPerSocket();

    public ClientTls(Path pkcs12, char[] password, Path serverCaPem) throws IOException, GeneralSecurityException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pkcs12)) {
            keyStore.load(in, password);
        }
        KeyManagerFactory keyFactory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyFactory.init(keyStore, password);
        keys = keyFactory.getKeyManagers();
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        try (InputStream in = Files.newInputStream(serverCaPem)) {
            trustStore.setCertificateEntry("server-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustFactory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustFactory.init(trustStore);
        trust = trustFactory.getTrustManagers();
    }

    public SSLSocketFactory factory() {
        return factory;
    }

    private SSLSocketFactory fresh() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each socket from a new SSLContext (cheap: the key and trust managers are built once). */
    private final class FreshContextPerSocket extends SSLSocketFactory {
        @Override
        public String[] getDefaultCipherSuites() {
            return fresh().getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return fresh().getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return fresh().createSocket();
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            return fresh().createSocket(socket, host, port, autoClose);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return fresh().createSocket(host, port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return fresh().createSocket(host, port, localHost, localPort);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return fresh().createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return fresh().createSocket(address, port, localAddress, localPort);
        }
    }
}
