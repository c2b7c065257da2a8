package org.govmail.bench.mta;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Linux process and loopback port checks the MTA instances need; nothing here is Postfix- or Dovecot-specific. */
final class Processes {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private Processes() {
    }

    /**
     * True while {@code pid} runs. A zombie counts as gone: daemons that outlive their parent are reparented
     * to PID 1, and an init that does not reap (as in some containers and micro-VMs) leaves them as zombies
     * that {@link ProcessHandle#isAlive()} and kill(pid, 0) still report.
     */
    static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // "pid (comm) S ...": comm may itself contain ") ", so the state follows the last one.
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return false; // no such process (NoSuchFileException), or it vanished while being read
        }
    }

    /** {@code pid} and all its descendants now, parents first. */
    static List<Long> tree(long pid) {
        List<Long> pids = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(root -> {
            pids.add(root.pid());
            root.descendants().forEach(child -> pids.add(child.pid()));
        });
        return pids;
    }

    /** The effective uid of this JVM: the owner of /proc/self. */
    static int uid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    /** True when nothing listens on 127.0.0.1:{@code port} (a listener of our own would be bound there). */
    static boolean portFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // sockets in TIME_WAIT from the last run must not count as taken
            probe.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * True when an SMTP server on {@code port} sends its 220 greeting. Postfix's master binds the port
     * itself, so a bare connect would succeed before smtpd could answer; the greeting proves it can.
     */
    static boolean greets(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 1000);
            socket.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String line;
            do {
                line = in.readLine();
            } while (line != null && line.startsWith("220-"));
            if (line == null || !line.startsWith("220 ")) {
                return false;
            }
            OutputStream out = socket.getOutputStream();
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in.readLine();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last {@code lines} lines of a log, for error messages; empty when it does not exist. */
    static String tail(Path file, int lines) {
        try {
            // Lenient decoding: a log line with stray bytes must not hide the rest.
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
