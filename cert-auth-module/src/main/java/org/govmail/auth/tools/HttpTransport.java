package org.govmail.auth.tools;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@link Transport} over {@code java.net.http}. */
final class HttpTransport implements Transport {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Long enough for a housekeeping run on a large installation; downloads have no limit. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    private final HttpClient client = HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();

    @Override
    public Response exchange(Request request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(build(request).timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), contentType(response), response.body());
    }

    @Override
    public Response download(Request request, Path target) throws IOException, InterruptedException {
        // Only a success goes to the file; an error body (JSON) is kept in memory to be reported.
        HttpResponse<Optional<byte[]>> response = client.send(build(request).build(), info -> info.statusCode() / 100 == 2
            ? BodySubscribers.mapping(BodySubscribers.ofFile(target), written -> Optional.empty())
            : BodySubscribers.mapping(BodySubscribers.ofByteArray(), Optional::of));
        return new Response(response.statusCode(), contentType(response), response.body().orElse(new byte[0]));
    }

    private static HttpRequest.Builder build(Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
            .method(request.method(), request.body().map(HttpRequest.BodyPublishers::ofByteArray)
                .orElse(HttpRequest.BodyPublishers.noBody()));
        request.headers().forEach(builder::header);
        return builder;
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }
}
