package org.govmail.server.webadmin;

import static spark.Spark.halt;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.inject.Inject;

import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.admin.Caller;
import org.govmail.auth.admin.RestSupport;
import org.govmail.auth.i18n.Texts;
import org.govmail.auth.institution.InstitutionRegistry;
import org.govmail.auth.token.TokenAuthenticator;
import org.govmail.server.startup.AdminSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import spark.Request;
import spark.Response;

/**
 * WebAdmin is never open (govmail's public routes — sign-up, certificate login — are not filtered by
 * WebAdmin): every other request is either the super administrator's, with HTTP Basic
 * {@value AdminSecret#ADMIN_USER} and the secret from {@code conf/jmxremote.password}, or an account's,
 * with {@code Authorization: Bearer <access token>} from the certificate login ({@code POST
 * /govmail/auth/login}) — an institution administrator acting on their institution or a holder on their
 * own account. Account passwords are not accepted here: the REST API lets an account in only as its
 * certificate does, and the token is checked again on every request ({@link TokenAuthenticator}). The
 * {@link Caller} found is left on the request for the routes' scoping.
 */
public class AdminAuthFilter implements AuthenticationFilter {
    private static final Logger LOGGER = LoggerFactory.getLogger(AdminAuthFilter.class);
    private static final String BASIC = "Basic ";
    private static final String BEARER = "Bearer ";

    private final AdminSecret adminSecret;
    private final TokenAuthenticator tokens;
    private final InstitutionRegistry institutions;
    private final RestSupport rest;

    @Inject
    public AdminAuthFilter(AdminSecret adminSecret, TokenAuthenticator tokens, InstitutionRegistry institutions, RestSupport rest) {
        this.adminSecret = adminSecret;
        this.tokens = tokens;
        this.institutions = institutions;
        this.rest = rest;
    }

    @Override
    public void handle(Request request, Response response) {
        if ("OPTIONS".equals(request.requestMethod())) {
            return;
        }
        String header = request.headers("Authorization");
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            bearer(request, response, header.substring(BEARER.length()).trim());
            return;
        }
        if (header == null || !header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            refuse(request, response, Reason.ADMIN_UNAUTHENTICATED, "missing credentials");
            return;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            refuse(request, response, Reason.ADMIN_UNAUTHENTICATED, "malformed Basic credentials");
            return;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || !adminSecret.matches(decoded.substring(0, colon), decoded.substring(colon + 1))) {
            refuse(request, response, Reason.ADMIN_UNAUTHENTICATED, colon < 0 ? "malformed Basic credentials"
                : "wrong credentials (accounts use a token from POST /govmail/auth/login, not their password)");
            return;
        }
        Caller caller = Caller.superAdministrator(adminSecret.user(), request.ip());
        request.attribute(LOGIN, caller.login());
        request.attribute(RestSupport.CALLER, caller);
    }

    private void bearer(Request request, Response response, String token) {
        try {
            TokenAuthenticator.Authenticated authenticated = tokens.authenticate(token);
            String account = authenticated.account().id();
            Caller caller = Caller.accountHolder(account, institutions.administeredBy(account), request.ip());
            request.attribute(LOGIN, account);
            request.attribute(RestSupport.CALLER, caller);
            request.attribute(RestSupport.FRONT_END, authenticated.claims().client());
        } catch (GovmailAuthException e) {
            refuse(request, response, e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            LOGGER.error("token check failed for {} {}", request.requestMethod(), request.pathInfo(), e);
            refuse(request, response, Reason.SERVER_ERROR, e.getClass().getSimpleName());
        }
    }

    private void refuse(Request request, Response response, Reason reason, String detail) {
        LOGGER.warn("WebAdmin refused {} {} from {}: {} {}", request.requestMethod(), request.pathInfo(), request.ip(), reason, detail);
        int status = switch (reason) {
            case SERVER_ERROR, CERT_REVOCATION_UNAVAILABLE -> 503;
            default -> 401;
        };
        if (status == 401) {
            response.header("WWW-Authenticate", reason == Reason.ADMIN_UNAUTHENTICATED
                ? "Basic realm=\"govmail admin\", charset=\"UTF-8\", Bearer realm=\"govmail\""
                : "Bearer realm=\"govmail\", error=\"invalid_token\"");
        }
        response.type("application/json; charset=utf-8");
        String body;
        try {
            body = rest.error(Texts.language(request.headers("Accept-Language")), reason, detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        throw halt(status, body);
    }
}
