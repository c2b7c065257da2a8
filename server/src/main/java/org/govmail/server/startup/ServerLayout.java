package org.govmail.server.startup;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a govmail installation keeps its files: {@code conf/} (James configuration, read-only for the
 * server except for secrets generated on first start) and {@code var/} (all data: Derby, Lucene, the
 * queue journal, mail repositories, generated TLS material, logs).
 */
public record ServerLayout(Path root) {

    public ServerLayout {
        root = root.toAbsolutePath().normalize();
    }

    public Path conf() {
        return root.resolve("conf");
    }

    public Path conf(String fileName) {
        return conf().resolve(fileName);
    }

    public Path var() {
        return root.resolve("var");
    }

    public Path var(String relative) {
        return var().resolve(relative);
    }

    public Path pidFile() {
        return var("govmail.pid");
    }

    public void requireConf() throws StartupException {
        if (!Files.isDirectory(conf())) {
            throw new StartupException(ExitCode.CONFIGURATION,
                "No configuration folder at " + conf() + ": start govmail from its installation folder"
                    + " or pass -Dworking.directory=<folder containing conf/>");
        }
    }
}
