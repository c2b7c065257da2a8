package org.govmail.auth.tools;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * The govmail REST API (docs/openapi.yaml) as govmail-admin calls it: JSON in and out, the caller's
 * credentials (the super administrator's HTTP Basic, or an account's Bearer access token), the caller's
 * language, and every non-2xx answer turned into a {@link ServerRefusal}.
 */
final class AdminClient {
    private final Transport transport;
    private final URI base;
    private final Optional<AdminSettings.Credentials> credentials;
    private final Optional<String> language;
    private final ObjectMapper json;

    AdminClient(Transport transport, URI base, Optional<AdminSettings.Credentials> credentials, Optional<String> language,
                ObjectMapper json) {
        this.transport = transport;
        this.base = base;
        this.credentials = credentials;
        this.language = language;
        this.json = json;
    }

    JsonNode get(String path, Map<String, String> query) throws IOException, ServerRefusal {
        return call("GET", path, query, Optional.empty());
    }

    JsonNode post(String path, Optional<JsonNode> body) throws IOException, ServerRefusal {
        return call("POST", path, Map.of(), body);
    }

    JsonNode put(String path, JsonNode body) throws IOException, ServerRefusal {
        return call("PUT", path, Map.of(), Optional.of(body));
    }

    JsonNode delete(String path, Map<String, String> query) throws IOException, ServerRefusal {
        return call("DELETE", path, query, Optional.empty());
    }

    /** Streams a 2xx body into {@code target}; an error answer leaves whatever the transport wrote there. */
    void download(String path, Map<String, String> query, Path target) throws IOException, ServerRefusal {
        Transport.Response response;
        try {
            response = transport.download(request("GET", path, query, Optional.empty()), target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.status() / 100 != 2) {
            throw refusal(response);
        }
    }

    /** {@code /a/b/c} from path segments, each percent-encoded (account ids, codes and fingerprints go in paths). */
    static String path(String... segments) {
        return Arrays.stream(segments).map(AdminClient::segment).collect(Collectors.joining("/", "/", ""));
    }

    static String segment(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            // RFC 3986 unreserved characters and '@' stay as they are; everything else is escaped.
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~@".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    static String query(Map<String, String> parameters) {
        return parameters.entrySet().stream()
            .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
            .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        // URLEncoder writes spaces as '+', which is a space in a query too; %20 is unambiguous everywhere.
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode call(String method, String path, Map<String, String> query, Optional<JsonNode> body)
            throws IOException, ServerRefusal {
        Transport.Response response;
        try {
            response = transport.exchange(request(method, path, query, body));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.status() / 100 != 2) {
            throw refusal(response);
        }
        if (response.body().length == 0) {
            return NullNode.getInstance();
        }
        try {
            return json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new IOException("the server's answer to " + method + " " + path + " is not JSON");
        }
    }

    Transport.Request request(String method, String path, Map<String, String> query, Optional<JsonNode> body)
            throws JsonProcessingException {
        Map<String, String> parameters = new LinkedHashMap<>();
        query.forEach((name, value) -> {
            if (value != null) {
                parameters.put(name, value);
            }
        });
        String target = base.toString().replaceAll("/+$", "") + path + (parameters.isEmpty() ? "" : "?" + query(parameters));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        credentials.ifPresent(known -> headers.put("Authorization", known.authorization()));
        language.ifPresent(preferred -> headers.put("Accept-Language", preferred));
        Optional<byte[]> bytes = Optional.empty();
        if (body.isPresent()) {
            headers.put("Content-Type", "application/json; charset=utf-8");
            bytes = Optional.of(json.writeValueAsBytes(body.get()));
        }
        return new Transport.Request(method, URI.create(target), headers, bytes);
    }

    /** govmail's {code, message, detail}, WebAdmin's {statusCode, type, message}, or whatever text came. */
    private ServerRefusal refusal(Transport.Response response) {
        JsonNode error = null;
        try {
            error = response.body().length == 0 ? null : json.readTree(response.body());
        } catch (IOException e) {
            // not JSON: reported as text below
        }
        if (error != null && error.path("code").isTextual()) {
            return new ServerRefusal(response.status(), Optional.of(error.path("code").asText()), error.path("message").asText(""),
                error.path("detail").asText(""));
        }
        if (error != null && error.path("message").isTextual()) {
            return new ServerRefusal(response.status(), Optional.empty(), error.path("message").asText(),
                error.path("details").asText(""));
        }
        String text = new String(response.body(), StandardCharsets.UTF_8).strip();
        return new ServerRefusal(response.status(), Optional.empty(),
            text.isEmpty() ? "HTTP " + response.status() : text.substring(0, Math.min(200, text.length())), "");
    }
}
