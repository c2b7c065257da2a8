package org.govmail.server.startup;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Tries every configured listening address before James starts. James would otherwise fail half-way
 * through start-up with a bare "Address already in use" that names no port.
 */
public final class PortPreflight {
    private PortPreflight() {
    }

    public static void check(List<ConfiguredListeners.Listener> listeners) throws StartupException {
        List<String> problems = new ArrayList<>();
        boolean privileged = false;
        for (ConfiguredListeners.Listener listener : listeners) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(listener.host()), listener.port()));
            } catch (IOException e) {
                privileged |= listener.port() < 1024;
                problems.add("port " + listener.port() + " for " + listener + " is unavailable: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            problems.add(privileged
                ? "Ports below 1024 need root or CAP_NET_BIND_SERVICE (see README, Production settings)."
                : "Is another govmail or mail server running? `ss -ltnp` shows which process holds a port.");
            throw new StartupException(ExitCode.PORT_IN_USE, String.join(System.lineSeparator(), problems));
        }
    }
}
