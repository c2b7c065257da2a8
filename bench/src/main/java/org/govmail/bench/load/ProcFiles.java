package org.govmail.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** One file of every running process under {@code /proc} (Linux only), read and parsed per process id. */
final class ProcFiles {
    /** How one process's file becomes a value; may throw on a file it cannot read. */
    interface Parser<T> {
        T parse(byte[] content) throws IOException;
    }

    private ProcFiles() {
    }

    /** {@code /proc/<pid>/<file>} of every process, in pid order of the listing; processes that end meanwhile are left out. */
    static <T> Map<Long, T> readAll(String file, Parser<T> parser) {
        Map<Long, T> all = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    all.put(Long.parseLong(name), parser.parse(Files.readAllBytes(entry.resolve(file))));
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked: it is not part of this sample
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc (Linux only)", e);
        }
        return all;
    }
}
