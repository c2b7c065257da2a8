package org.govmail.auth.revocation;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * CRL files an operator (or a cron job) drops into place. The file's modification time and size
 * are its version, so a new CRL is used on the next login without a restart.
 */
public final class FileCrlFetcher implements CrlFetcher {
    private final Function<URI, Path> resolver;

    /** @param resolver maps a {@code file:} location to a path, e.g. relative to the server's folder */
    public FileCrlFetcher(Function<URI, Path> resolver) {
        this.resolver = resolver;
    }

    @Override
    public boolean handles(URI location) {
        return "file".equalsIgnoreCase(location.getScheme());
    }

    @Override
    public byte[] fetch(URI location) throws IOException {
        Path path = resolver.apply(location);
        if (Files.size(path) > MAX_CRL_SIZE) {
            throw new IOException("CRL file larger than " + MAX_CRL_SIZE + " bytes: " + path);
        }
        return Files.readAllBytes(path);
    }

    @Override
    public long version(URI location) {
        try {
            Path path = resolver.apply(location);
            return Files.getLastModifiedTime(path).toMillis() * 31 + Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }
}
