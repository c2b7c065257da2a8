package org.govmail.mailets.routing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The TLS socket factory of routes that must verify their peer (mail to other ministries): TLS 1.2 and
 * 1.3 only, certificates checked against {@code govmail-routing.xml}'s {@code peerTrust}.
 *
 * <p>James' RemoteDelivery hands its settings to JavaMail as strings, and JavaMail takes a socket factory
 * only as a class name whose static {@code getDefault()} it calls
 * ({@code mail.smtp.ssl.socketFactory.class}). So the server installs the configured factory here once at
 * start; this holder is the one piece of static state the routing has, forced by that API. Until it is
 * installed {@code getDefault()} fails, and so does every delivery through it: a route that cannot verify
 * its peer sends nothing.
 */
public final class PeerTrustSocketFactory extends SSLSocketFactory {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final AtomicReference<SSLSocketFactory> INSTALLED = new AtomicReference<>();

    private final SSLSocketFactory delegate;

    private PeerTrustSocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    /** Installs the verifying factory: called once by the server's wiring. */
    public static void install(SSLSocketFactory verifying) {
        INSTALLED.set(verifying);
    }

    /** Called by JavaMail through reflection. */
    public static SocketFactory getDefault() {
        SSLSocketFactory installed = INSTALLED.get();
        if (installed == null) {
            throw new IllegalStateException("peer trust is not installed: no verified TLS route is available");
        }
        return new PeerTrustSocketFactory(installed);
    }

    private Socket restrict(Socket socket) {
        if (socket instanceof SSLSocket ssl) {
            ssl.setEnabledProtocols(PROTOCOLS);
        }
        return socket;
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return restrict(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket() throws IOException {
        return restrict(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return restrict(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return restrict(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return restrict(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return restrict(delegate.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }
}
