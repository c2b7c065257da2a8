package org.govmail.auth.admin;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.i18n.Texts;
import org.govmail.auth.token.ChallengeSignatureVerifier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import spark.Request;
import spark.Response;
import spark.Route;

/**
 * What every govmail REST route shares: JSON in and out, the caller the authentication filter found,
 * and one error shape — {@code {"code": "<Reason>", "message": "<text in the caller's language>",
 * "detail": "<specifics, English>"}} with an HTTP status that follows from the code. The message is
 * Korean unless the request's Accept-Language prefers English.
 */
public final class RestSupport {
    /** Request attribute under which the authentication filter leaves the {@link Caller}. */
    public static final String CALLER = "govmail.caller";
    /** Request attribute: the id of the web front end whose token authenticated the request, if one did. */
    public static final String FRONT_END = "govmail.frontEnd";
    public static final int MAX_BODY = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOGGER = LoggerFactory.getLogger(RestSupport.class);

    private final Texts texts;

    public RestSupport(Texts texts) {
        this.texts = texts;
    }

    @FunctionalInterface
    public interface Handler {
        Object handle(Request request, Response response) throws GovmailAuthException, IOException;
    }

    /** A response body written as a stream (a mail export), not as JSON. */
    public record Streamed(String contentType, String fileName, Body body) {
        @FunctionalInterface
        public interface Body {
            void writeTo(OutputStream out) throws IOException, GovmailAuthException;
        }
    }

    /** A refusal decided by the route itself (bad JSON, wrong field type, oversized body). */
    public static final class BadRequest extends RuntimeException {
        private final int status;
        private final Reason reason;

        public BadRequest(int status, Reason reason, String message) {
            super(message);
            this.status = status;
            this.reason = reason;
        }
    }

    public Route json(Handler handler) {
        return (request, response) -> {
            response.type("application/json; charset=utf-8");
            String language = Texts.language(request.headers("Accept-Language"));
            try {
                Object result = handler.handle(request, response);
                if (result instanceof Streamed streamed) {
                    response.type(streamed.contentType());
                    response.header("Content-Disposition", "attachment; filename=\"" + streamed.fileName() + "\"");
                    try (OutputStream out = response.raw().getOutputStream()) {
                        streamed.body().writeTo(out);
                    }
                    return "";
                }
                return JSON.writeValueAsString(result);
            } catch (GovmailAuthException e) {
                response.status(status(e.reason()));
                return error(language, e.reason(), e.getMessage());
            } catch (BadRequest e) {
                response.status(e.status);
                return error(language, e.reason, e.getMessage());
            } catch (IOException | RuntimeException e) {
                // Storage or mailbox failures: the caller gets govmail's error shape, the admin the stack trace.
                LOGGER.error("{} {} failed", request.requestMethod(), request.pathInfo(), e);
                if (response.raw().isCommitted()) {
                    // A download already under way cannot turn into an error: end it abruptly so it is not taken as complete.
                    throw e;
                }
                response.type("application/json; charset=utf-8");
                // 500, not SERVER_ERROR's usual 503: this is a fault, not a dependency that is down for a while.
                response.status(500);
                return error(language, Reason.SERVER_ERROR, e.getClass().getSimpleName());
            }
        };
    }

    public String error(String language, Reason reason, String detail) throws JsonProcessingException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("code", reason.name());
        body.put("message", texts.reason(language, reason));
        body.put("detail", detail);
        return JSON.writeValueAsString(body);
    }

    public static int status(Reason reason) {
        return switch (reason) {
            case ACCOUNT_NOT_FOUND, CERT_NOT_FOUND, INSTITUTION_NOT_FOUND, SIGNUP_SESSION_NOT_FOUND, FOLDER_NOT_FOUND -> 404;
            case ACCOUNT_EXISTS, CERT_ALREADY_REGISTERED, STATUS_TRANSITION_INVALID, INSTITUTION_EXISTS,
                SIGNUP_STEP_OUT_OF_ORDER, IDENTITY_ASSERTION_REPLAYED, CHALLENGE_USED -> 409;
            case ADMIN_UNAUTHENTICATED, CLIENT_UNAUTHENTICATED, TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_REVOKED -> 401;
            case FORBIDDEN, CLIENT_MISMATCH -> 403;
            case EXPORT_NOT_AVAILABLE -> 410;
            case REQUEST_TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case CERT_REVOCATION_UNAVAILABLE, SERVER_ERROR -> 503;
            default -> 400;
        };
    }

    public static Caller caller(Request request) {
        Object caller = request.attribute(CALLER);
        return caller instanceof Caller known ? known : Caller.anonymous(request.ip());
    }

    /**
     * The address a proxy in front of the API (the web front end) says the user has: the last hop of
     * {@code X-Forwarded-For}, which that proxy appended; the caller's own address without the header.
     * Only for callers known to be such a proxy.
     */
    public static String forwardedClient(Request request) {
        String forwarded = request.headers("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return request.ip();
        }
        String[] hops = forwarded.split(",");
        String last = hops[hops.length - 1].trim();
        return last.isEmpty() || last.length() > 64 ? request.ip() : last;
    }

    public static JsonNode body(Request request) {
        byte[] raw = request.bodyAsBytes();
        if (raw == null || raw.length == 0) {
            throw new BadRequest(400, Reason.REQUEST_INVALID, "a JSON body is required");
        }
        if (raw.length > MAX_BODY) {
            throw new BadRequest(413, Reason.REQUEST_TOO_LARGE, "body larger than " + MAX_BODY + " bytes");
        }
        try {
            JsonNode node = JSON.readTree(raw);
            if (node == null || !node.isObject()) {
                throw new BadRequest(400, Reason.REQUEST_INVALID, "the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest(400, Reason.REQUEST_INVALID, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequest(400, Reason.REQUEST_INVALID, "unreadable body");
        }
    }

    public static String text(JsonNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new BadRequest(400, Reason.REQUEST_INVALID, "field '" + field + "' is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequest(400, Reason.REQUEST_INVALID, "field '" + field + "' must be a string");
        }
        return value.asText();
    }

    public static boolean flag(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new BadRequest(400, Reason.REQUEST_INVALID, "field '" + field + "' must be true or false");
        }
        return value.asBoolean();
    }

    public static Optional<Instant> instant(String value, String field) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new BadRequest(400, Reason.REQUEST_INVALID, "'" + field + "' must be an ISO-8601 instant such as 2027-03-01T00:00:00Z");
        }
    }

    /** {@code certificate}: PEM text, or base64 of the DER {@code .cer} file. */
    public static byte[] certificate(JsonNode body) throws GovmailAuthException {
        return CertificateText.decode(text(body, "certificate", true));
    }

    /**
     * A signed login challenge: {@code format} CMS (default; {@code signature} is the SignedData, attached
     * or detached, base64 or PEM) or RAW ({@code signature} base64, {@code algorithm} RS256..PS512), and
     * {@code certificate} (PEM or base64 DER; optional when a CMS signature carries it).
     */
    public static ChallengeSignatureVerifier.SignedChallenge signedChallenge(JsonNode body) throws GovmailAuthException {
        ChallengeSignatureVerifier.Format format = enumValue(ChallengeSignatureVerifier.Format.class, text(body, "format", false),
            ChallengeSignatureVerifier.Format.CMS);
        String signature = text(body, "signature", true);
        String certificate = text(body, "certificate", false);
        return new ChallengeSignatureVerifier.SignedChallenge(format, CertificateText.base64OrPem(signature, Reason.SIGNATURE_MALFORMED),
            Optional.ofNullable(text(body, "algorithm", false)),
            certificate == null ? Optional.empty() : Optional.of(CertificateText.decode(certificate)));
    }

    public static <E extends Enum<E>> E enumValue(Class<E> type, String value, E fallback) {
        if (value == null) {
            if (fallback == null) {
                throw new BadRequest(400, Reason.REQUEST_INVALID, type.getSimpleName() + " is required");
            }
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, Reason.REQUEST_INVALID, "unknown " + type.getSimpleName() + " '" + value + "'");
        }
    }

    public static int number(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new BadRequest(400, Reason.REQUEST_INVALID, "'" + value + "' is not a non-negative number");
        }
    }

    public static int limit(Request request) {
        return Math.min(number(request.queryParams("limit"), 100), 1000);
    }
}
