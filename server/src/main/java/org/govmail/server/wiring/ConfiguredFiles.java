package org.govmail.server.wiring;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;

import org.apache.james.filesystem.api.FileSystem;
import org.slf4j.Logger;

/**
 * Files named in govmail's configuration: locations in James' {@code file://} / {@code classpath:}
 * notation, and development material (test PKI, test identity provider) generated once into a folder
 * the configuration names.
 */
final class ConfiguredFiles {
    @FunctionalInterface
    interface Generator {
        void create(Path folder) throws IOException;
    }

    private ConfiguredFiles() {
    }

    static Path resolve(FileSystem fileSystem, String location) {
        try {
            return fileSystem.getFile(location).toPath();
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException(location + " not found", e);
        }
    }

    /** Generates the material into {@code folder} (relative to the server's base) unless it is already there. */
    static void generateOnce(FileSystem fileSystem, Optional<String> folder, Predicate<Path> present, Generator generator,
                             Logger logger, String warning) throws IOException {
        if (folder.isEmpty()) {
            return;
        }
        Path path = fileSystem.getFile("file://" + folder.get()).toPath();
        if (!present.test(path)) {
            generator.create(path);
            logger.warn(warning, path);
        }
    }
}
