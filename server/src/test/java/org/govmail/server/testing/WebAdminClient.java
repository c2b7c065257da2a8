package org.govmail.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A minimal HTTP client for WebAdmin: as the super administrator, an account (token) or a web front end. */
public final class WebAdminClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String authorization;

    WebAdminClient(int port, String user, String secret) {
        this(port, "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    }

    /** With any Authorization header value ({@code Bearer <access token>}, a front end's Basic...). */
    public WebAdminClient(int port, String authorization) {
        this.base = "http://127.0.0.1:" + port;
        this.authorization = authorization;
    }

    public HttpResponse<String> send(String method, String path, String jsonBody, boolean authenticated)
            throws IOException, InterruptedException {
        return send(method, path, jsonBody, authenticated, java.util.Map.of());
    }

    /** With extra request headers (X-Signup-Token, Accept-Language, X-Forwarded-For...). */
    public HttpResponse<String> send(String method, String path, String jsonBody, boolean authenticated,
                                     java.util.Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(method, path, jsonBody, authenticated);
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The raw bytes of a response (a mail export). */
    public HttpResponse<byte[]> download(String path) throws IOException, InterruptedException {
        return http.send(request("GET", path, null, true).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest.Builder request(String method, String path, String jsonBody, boolean authenticated) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
            .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (authenticated) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, true);
    }

    public void addDomain(String domain) throws IOException, InterruptedException {
        expect(send("PUT", "/domains/" + domain, null, true), 204);
    }

    /** Provisions a certificate-gated account (POST /govmail/accounts); answers the raw response. */
    public HttpResponse<String> createAccount(String address, String name, String password, String certificatePem)
            throws IOException, InterruptedException {
        return createAccount(address, name, password, certificatePem, "APPROVED");
    }

    public HttpResponse<String> createAccount(String address, String name, String password, String certificatePem, String status)
            throws IOException, InterruptedException {
        String body = "{\"id\":" + quote(address) + ",\"name\":" + quote(name) + ",\"password\":" + quote(password)
            + ",\"certificate\":" + quote(certificatePem) + ",\"status\":" + quote(status) + "}";
        return send("POST", "/govmail/accounts", body, true);
    }

    public static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                default -> json.append(c);
            }
        }
        return json.append('"').toString();
    }

    private static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri()
                + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
