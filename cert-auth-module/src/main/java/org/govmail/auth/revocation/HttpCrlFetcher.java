package org.govmail.auth.revocation;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** CRL distribution points over {@code http://} (CRLs are signed, so plain HTTP is the norm). */
public final class HttpCrlFetcher implements CrlFetcher {
    private final HttpClient client;
    private final Duration timeout;

    public HttpCrlFetcher(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    }

    @Override
    public boolean handles(URI location) {
        return "http".equalsIgnoreCase(location.getScheme()) || "https".equalsIgnoreCase(location.getScheme());
    }

    @Override
    public byte[] fetch(URI location) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(location).timeout(timeout).GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode() + " from " + location);
                }
                byte[] bytes = body.readNBytes(MAX_CRL_SIZE + 1);
                if (bytes.length > MAX_CRL_SIZE) {
                    throw new IOException("CRL larger than " + MAX_CRL_SIZE + " bytes at " + location);
                }
                return bytes;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + location, e);
        }
    }
}
