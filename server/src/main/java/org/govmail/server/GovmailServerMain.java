package org.govmail.server;

import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.apache.james.GuiceJamesServer;
import org.apache.james.server.core.configuration.Configuration;
import org.govmail.server.startup.AdminSecret;
import org.govmail.server.startup.ConfiguredListeners;
import org.govmail.server.startup.DevTlsMaterial;
import org.govmail.server.startup.ExitCode;
import org.govmail.server.startup.PortPreflight;
import org.govmail.server.startup.PreviousRun;
import org.govmail.server.startup.LoopbackRmiSocketFactory;
import org.govmail.server.startup.ServerLayout;
import org.govmail.server.startup.StartupException;
import org.govmail.server.wiring.StorageProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.Module;
import com.google.inject.util.Modules;

/**
 * Starts govmail: checks what a person can fix before James starts (configuration present, ports free,
 * data folder writable), prepares first-start material (admin secret, dev TLS), then starts James with
 * {@link GovmailModules}.
 *
 * <p>The installation folder (holding {@code conf/} and {@code var/}) is {@code -Dworking.directory}, or
 * the current directory.
 */
public final class GovmailServerMain {
    private static final Logger LOGGER = LoggerFactory.getLogger(GovmailServerMain.class);
    /** Printed once every listener is up; scripts and tests wait for it. */
    public static final String READY_LINE = "govmail ready";

    private GovmailServerMain() {
    }

    public static void main(String[] args) {
        long startNanos = System.nanoTime();
        try {
            GuiceJamesServer server = start(new ServerLayout(Path.of(System.getProperty(Configuration.WORKING_DIRECTORY, "."))));
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "govmail-shutdown"));
            long millis = (System.nanoTime() - startNanos) / 1_000_000;
            long jvmMillis = ManagementFactory.getRuntimeMXBean().getUptime();
            LOGGER.info("{} in {} ms ({} ms since JVM start)", READY_LINE, millis, jvmMillis);
            System.out.println(READY_LINE + " (" + jvmMillis + " ms since JVM start)");
        } catch (StartupException e) {
            System.err.println("govmail: " + e.getMessage());
            LOGGER.error("govmail did not start: {}", e.getMessage(), e.getCause());
            System.exit(e.exitCode().code());
        } catch (Exception e) {
            System.err.println("govmail: start failed: " + e + " (see var/log/govmail.log)");
            LOGGER.error("govmail did not start", e);
            System.exit(ExitCode.START_FAILED.code());
        }
    }

    static GuiceJamesServer start(ServerLayout layout) throws Exception {
        return start(layout, Modules.EMPTY_MODULE);
    }

    /** As {@link #start(ServerLayout)}, plus {@code extra} bindings: tests add a probe to reach components. */
    static GuiceJamesServer start(ServerLayout layout, Module extra) throws Exception {
        layout.requireConf();
        prepareDataFolder(layout);
        loadJvmProperties(layout);
        System.setProperty(Configuration.WORKING_DIRECTORY, layout.root().toString());
        // Relative Derby database names in james-database.properties resolve inside var/store.
        System.setProperty("derby.system.home", layout.var("store").toString());

        PreviousRun previousRun = PreviousRun.detect(layout);
        StorageProfile profile = StorageProfile.read(layout);
        LOGGER.info("Storage profile: {}", profile.name().toLowerCase(java.util.Locale.ROOT));
        if (!previousRun.endedCleanly()) {
            LOGGER.warn(profile == StorageProfile.EMBEDDED
                ? "The previous run did not stop cleanly (var/govmail.pid left behind); queued mail is recovered"
                    + " from var/store/activemq and the search index is rebuilt in the background"
                : "The previous run did not stop cleanly (var/govmail.pid left behind); mail it had taken from the"
                    + " RabbitMQ spool without finishing goes to the other nodes or comes back here, and mail waiting"
                    + " for remote delivery is recovered from var/store/activemq");
        }
        List<ConfiguredListeners.Listener> listeners = ConfiguredListeners.read(layout);
        PortPreflight.check(listeners);
        AdminSecret adminSecret = AdminSecret.ensure(layout);
        if (new DevTlsMaterial(layout).ensure()) {
            LOGGER.warn("Generated development TLS material under {} (clients trust var/tls/dev-ca.pem); "
                + "configure real certificates for production, see README", layout.var("tls"));
        }
        LoopbackRmiSocketFactory.install(listeners);

        GuiceJamesServer server = GuiceJamesServer.forConfiguration(Configuration.builder()
                .workingDirectory(layout.root().toString())
                .build())
            .combineWith(GovmailModules.all(profile), extra)
            .overrideWith(GovmailModules.overrides(adminSecret, previousRun));
        server.start();
        writePid(layout);
        return server;
    }

    private static void prepareDataFolder(ServerLayout layout) throws StartupException {
        try {
            Files.createDirectories(layout.var("store"));
            Files.createDirectories(layout.var("log"));
            if (!Files.isWritable(layout.var())) {
                throw new IOException("not writable by this user");
            }
        } catch (IOException e) {
            throw new StartupException(ExitCode.DATA_FOLDER, "Cannot use the data folder " + layout.var() + ": " + e.getMessage(), e);
        }
    }

    /** conf/jvm.properties: extra system properties, read relative to the installation, not the current directory. */
    private static void loadJvmProperties(ServerLayout layout) throws StartupException {
        Path file = layout.conf("jvm.properties");
        if (!Files.exists(file)) {
            return;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new StartupException(ExitCode.CONFIGURATION, "Cannot read " + file + ": " + e.getMessage(), e);
        }
        properties.stringPropertyNames().forEach(key -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, properties.getProperty(key));
            }
        });
    }

    private static void writePid(ServerLayout layout) throws IOException {
        Files.writeString(layout.pidFile(), ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        layout.pidFile().toFile().deleteOnExit();
    }
}
