package org.govmail.auth.admin;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.account.Account;
import org.govmail.auth.account.AccountStatus;
import org.govmail.auth.account.AccountType;
import org.govmail.auth.account.RegisteredCertificate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import spark.Request;
import spark.Response;
import spark.Route;
import spark.Service;

/**
 * Account provisioning over WebAdmin (admin-authenticated like every WebAdmin route), documented in
 * {@code docs/admin-api.md}. Errors are {@code {"code": "<Reason>", "message": "..."}}.
 */
public final class AccountRoutes implements Routes {
    public static final String BASE = "/govmail/accounts";
    static final int MAX_BODY = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AccountAdminService service;

    @Inject
    public AccountRoutes(AccountAdminService service) {
        this.service = service;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service spark) {
        spark.post(BASE, handle((request, response) -> {
            JsonNode body = body(request);
            Account account = service.create(new AccountAdminService.Creation(
                text(body, "id", true), text(body, "name", true),
                enumValue(AccountType.class, text(body, "type", false), AccountType.INDIVIDUAL),
                text(body, "institution", false),
                enumValue(AccountStatus.class, text(body, "status", false), AccountStatus.APPROVED),
                text(body, "password", true), certificate(body)), actor(request));
            response.status(201);
            return AccountViews.full(service, account);
        }));
        spark.get(BASE, handle((request, response) -> {
            int offset = number(request.queryParams("offset"), 0);
            int limit = Math.min(number(request.queryParams("limit"), 100), 1000);
            Optional<AccountStatus> status = Optional.ofNullable(request.queryParams("status"))
                .map(value -> enumValue(AccountStatus.class, value, null));
            return service.list(status, Optional.ofNullable(request.queryParams("institution")), offset, limit)
                .stream().map(AccountViews::summary).toList();
        }));
        spark.get(BASE + "/:id", handle((request, response) -> AccountViews.full(service, service.get(request.params("id")))));
        spark.put(BASE + "/:id/status", handle((request, response) -> {
            JsonNode body = body(request);
            AccountStatus status = enumValue(AccountStatus.class, text(body, "status", true), null);
            return AccountViews.summary(service.changeStatus(request.params("id"), status, text(body, "reason", false), actor(request)));
        }));
        spark.post(BASE + "/:id/certificates", handle((request, response) -> {
            RegisteredCertificate registered = service.addCertificate(request.params("id"), certificate(body(request)), actor(request));
            response.status(201);
            return AccountViews.certificate(registered);
        }));
        spark.delete(BASE + "/:id/certificates/:fingerprint", handle((request, response) ->
            AccountViews.certificate(service.revokeCertificate(request.params("id"), request.params("fingerprint"),
                Optional.ofNullable(request.queryParams("reason")).orElse("revoked by administrator"), actor(request)))));
    }

    @FunctionalInterface
    private interface Handler {
        Object handle(Request request, Response response) throws GovmailAuthException;
    }

    private Route handle(Handler handler) {
        return (request, response) -> {
            response.type("application/json; charset=utf-8");
            try {
                return JSON.writeValueAsString(handler.handle(request, response));
            } catch (GovmailAuthException e) {
                response.status(status(e.reason()));
                return error(e.reason(), e.getMessage());
            } catch (BadRequest e) {
                response.status(e.status);
                return error(e.reason, e.getMessage());
            }
        };
    }

    private static String error(Reason reason, String message) throws JsonProcessingException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("code", reason.name());
        body.put("message", message);
        return JSON.writeValueAsString(body);
    }

    static int status(Reason reason) {
        return switch (reason) {
            case ACCOUNT_NOT_FOUND, CERT_NOT_FOUND -> 404;
            case ACCOUNT_EXISTS, CERT_ALREADY_REGISTERED, STATUS_TRANSITION_INVALID -> 409;
            case CERT_REVOCATION_UNAVAILABLE, SERVER_ERROR -> 503;
            default -> 400;
        };
    }

    private static final class BadRequest extends RuntimeException {
        private final int status;
        private final Reason reason;

        BadRequest(int status, Reason reason, String message) {
            super(message);
            this.status = status;
            this.reason = reason;
        }
    }

    private static JsonNode body(Request request) {
        byte[] raw = request.bodyAsBytes();
        if (raw == null || raw.length == 0) {
            throw new BadRequest(400, Reason.REQUEST_INVALID, "a JSON body is required");
        }
        if (raw.length > MAX_BODY) {
            throw new BadRequest(413, Reason.REQUEST_INVALID, "body larger than " + MAX_BODY + " bytes");
        }
        try {
            JsonNode node = JSON.readTree(raw);
            if (node == null || !node.isObject()) {
                throw new BadRequest(400, Reason.REQUEST_INVALID, "the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest(400, Reason.REQUEST_INVALID, "malformed JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadRequest(400, Reason.REQUEST_INVALID, "unreadable body");
        }
    }

    private static String text(JsonNode body, String field, boolean required) {
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

    /** {@code certificate}: PEM text, or base64 of the DER {@code .cer} file. */
    private static byte[] certificate(JsonNode body) throws GovmailAuthException {
        return CertificateText.decode(text(body, "certificate", true));
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, E fallback) {
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

    private static int number(String value, int fallback) {
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

    private static String actor(Request request) {
        Object login = request.attribute(AuthenticationFilter.LOGIN);
        return login == null ? "webadmin" : login.toString();
    }
}
