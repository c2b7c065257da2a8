package org.govmail.server.webadmin;

import static spark.Spark.halt;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.inject.Inject;

import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.govmail.server.startup.AdminSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.Request;
import spark.Response;

/**
 * WebAdmin is never open: every request carries HTTP Basic credentials of the super administrator
 * (user {@value AdminSecret#ADMIN_USER}, secret from {@code conf/jmxremote.password}). WebAdmin listens on
 * loopback only, so the credentials do not cross a network in clear in the default configuration.
 */
public class AdminBasicAuthFilter implements AuthenticationFilter {
    private static final Logger LOGGER = LoggerFactory.getLogger(AdminBasicAuthFilter.class);
    private static final String PREFIX = "Basic ";

    private final AdminSecret adminSecret;

    @Inject
    public AdminBasicAuthFilter(AdminSecret adminSecret) {
        this.adminSecret = adminSecret;
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
        if (colon < 0 || !adminSecret.matches(decoded.substring(0, colon), decoded.substring(colon + 1))) {
            refuse(request, response, "wrong credentials");
            return;
        }
        request.attribute(LOGIN, adminSecret.user());
    }

    private void refuse(Request request, Response response, String reason) {
        LOGGER.warn("WebAdmin refused {} {} from {}: {}", request.requestMethod(), request.pathInfo(), request.ip(), reason);
        response.header("WWW-Authenticate", "Basic realm=\"govmail admin\", charset=\"UTF-8\"");
        response.type("application/json");
        throw halt(401, "{\"code\":\"ADMIN_UNAUTHENTICATED\",\"message\":\"Admin credentials required\"}");
    }
}
