package org.govmail.server.webadmin;

import static spark.Spark.halt;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.govmail.auth.Reason;
import org.govmail.auth.admin.Caller;
import org.govmail.auth.admin.CallerAuthenticator;
import org.govmail.auth.admin.RestSupport;
import org.govmail.auth.i18n.Texts;
import org.govmail.server.startup.AdminSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import spark.Request;
import spark.Response;

/**
 * WebAdmin is never open (except govmail's public sign-up routes, which WebAdmin does not filter): every
 * other request carries HTTP Basic credentials, either of the super administrator (user
 * {@value AdminSecret#ADMIN_USER}, secret from {@code conf/jmxremote.password}) or of a govmail account
 * (its id and password, see {@link CallerAuthenticator}) — an institution administrator acting on their
 * institution or a holder on their own account. The {@link Caller} found is left on the request for the
 * routes' scoping. WebAdmin listens on loopback only, so the credentials do not cross a network in clear
 * in the default configuration.
 */
public class AdminBasicAuthFilter implements AuthenticationFilter {
    private static final Logger LOGGER = LoggerFactory.getLogger(AdminBasicAuthFilter.class);
    private static final String PREFIX = "Basic ";

    private final AdminSecret adminSecret;
    private final CallerAuthenticator accounts;
    private final RestSupport rest;

    @Inject
    public AdminBasicAuthFilter(AdminSecret adminSecret, CallerAuthenticator accounts, RestSupport rest) {
        this.adminSecret = adminSecret;
        this.accounts = accounts;
        this.rest = rest;
    }

    @Override
    public void handle(Request request, Response response) {
        if ("OPTIONS".equals(request.requestMethod())) {
            return;
        }
        String header = request.headers("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            refuse(request, response, "missing credentials");
            return;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(PREFIX.length()).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            refuse(request, response, "malformed Basic credentials");
            return;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            refuse(request, response, "malformed Basic credentials");
            return;
        }
        String user = decoded.substring(0, colon);
        String secret = decoded.substring(colon + 1);
        Optional<Caller> caller = adminSecret.user().equals(user)
            ? Optional.of(Caller.superAdministrator(user, request.ip())).filter(any -> adminSecret.matches(user, secret))
            : accounts.authenticate(user, secret, request.ip());
        if (caller.isEmpty()) {
            refuse(request, response, "wrong credentials");
            return;
        }
        request.attribute(LOGIN, caller.get().login());
        request.attribute(RestSupport.CALLER, caller.get());
    }

    private void refuse(Request request, Response response, String reason) {
        LOGGER.warn("WebAdmin refused {} {} from {}: {}", request.requestMethod(), request.pathInfo(), request.ip(), reason);
        response.header("WWW-Authenticate", "Basic realm=\"govmail admin\", charset=\"UTF-8\"");
        response.type("application/json");
        String body;
        try {
            body = rest.error(Texts.language(request.headers("Accept-Language")), Reason.ADMIN_UNAUTHENTICATED, reason);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        throw halt(401, body);
    }
}
