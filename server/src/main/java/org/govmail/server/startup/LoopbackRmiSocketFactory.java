package org.govmail.server.startup;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.rmi.server.RMISocketFactory;
import java.util.List;

/**
 * James pins only the RMI registry to the JMX address; the RMI server object behind it is exported on
 * a random port on every interface. Installed as the JVM-wide default, this factory makes that second
 * port listen on the JMX address too, so JMX never answers on a public interface.
 */
public final class LoopbackRmiSocketFactory extends RMISocketFactory {
    private final InetAddress bindAddress;

    LoopbackRmiSocketFactory(InetAddress bindAddress) {
        this.bindAddress = bindAddress;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return new Socket(host, port);
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return new ServerSocket(port, 50, bindAddress);
    }

    public static void install(List<ConfiguredListeners.Listener> listeners) throws StartupException {
        var jmx = ConfiguredListeners.jmx(listeners);
        if (jmx.isEmpty()) {
            return;
        }
        try {
            RMISocketFactory.setSocketFactory(new LoopbackRmiSocketFactory(InetAddress.getByName(jmx.get().host())));
        } catch (IOException e) {
            throw new StartupException(ExitCode.CONFIGURATION, "jmx.properties: cannot use jmx.address "
                + jmx.get().host() + ": " + e.getMessage(), e);
        }
    }
}
