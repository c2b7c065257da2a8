package org.govmail.auth.tools;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** How {@link AdminClient} reaches WebAdmin: HTTP in production ({@link HttpTransport}), canned answers in tests. */
interface Transport {
    record Request(String method, URI uri, Map<String, String> headers, Optional<byte[]> body) {
        public Request {
            headers = Map.copyOf(headers);
        }
    }

    /** An answer; {@code body} is empty when a download went to its file. */
    record Response(int status, String contentType, byte[] body) {
    }

    Response exchange(Request request) throws IOException, InterruptedException;

    /** Like {@link #exchange}, but a 2xx body is streamed into {@code target} instead of memory. */
    Response download(Request request, Path target) throws IOException, InterruptedException;
}
