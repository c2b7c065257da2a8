package org.govmail.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.james.GuiceJamesServer;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.utils.GuiceProbe;
import org.govmail.server.startup.ServerLayout;
import org.govmail.server.testing.GovmailProcess;

import com.google.inject.Module;

/**
 * The whole govmail server inside the test JVM, started exactly as {@link GovmailServerMain} does, on a
 * fresh installation folder with free ports (prepared like {@link GovmailProcess}). For tests that must
 * call server components directly: they bind a {@link GuiceProbe} in {@code extra} and get it with
 * {@link #probe(Class)}. Tests that can go through the network should use {@link GovmailProcess}.
 *
 * <p>One per JVM at a time: James registers MBeans on the platform MBean server and Derby has one
 * engine per JVM. JMX itself is switched off here (its RMI socket factory can be set once per JVM).
 */
public final class InProcessGovmail implements AutoCloseable {
    /** Properties GovmailServerMain sets for the whole JVM; put back on close for later tests. */
    private static final List<String> JVM_WIDE = List.of(
        Configuration.WORKING_DIRECTORY, "derby.system.home", "logback.configurationFile", "govmail.log.dir");

    private final GuiceJamesServer server;
    private final Map<String, String> previousProperties;

    private InProcessGovmail(GuiceJamesServer server, Map<String, String> previousProperties) {
        this.server = server;
        this.previousProperties = previousProperties;
    }

    public static InProcessGovmail start(Path root, Module extra) throws Exception {
        Map<String, String> previous = new HashMap<>();
        JVM_WIDE.forEach(key -> previous.put(key, System.getProperty(key)));
        GovmailProcess.prepare(root);
        Path jmx = root.resolve("conf/jmx.properties");
        Files.writeString(jmx, Files.readString(jmx, StandardCharsets.UTF_8)
            .replace("jmx.enabled=true", "jmx.enabled=false"), StandardCharsets.UTF_8);
        // James calls System.exit on a failed start unless told otherwise; a test must see the exception.
        System.setProperty("james.exit.on.startup.error", "false");
        // The server's own logging (WARN, James INFO) instead of logback's DEBUG default, if not configured yet.
        System.setProperty("govmail.log.dir", root.resolve("var/log").toString());
        if (previous.get("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", root.resolve("conf/logback.xml").toString());
        }
        try {
            return new InProcessGovmail(GovmailServerMain.start(new ServerLayout(root), extra), previous);
        } catch (Exception | Error e) {
            restore(previous);
            throw e;
        }
    }

    public <T extends GuiceProbe> T probe(Class<T> type) {
        return server.getProbe(type);
    }

    @Override
    public void close() throws IOException {
        try {
            server.stop();
        } finally {
            shutDownDerby();
            restore(previousProperties);
        }
    }

    /** Releases the database files, so a later server in this JVM boots Derby on its own folder. */
    private static void shutDownDerby() {
        try {
            DriverManager.getConnection("jdbc:derby:;shutdown=true").close();
        } catch (SQLException expected) {
            // Derby reports a successful engine shutdown (XJ015) as an exception
        }
    }

    private static void restore(Map<String, String> previous) {
        previous.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }
}
