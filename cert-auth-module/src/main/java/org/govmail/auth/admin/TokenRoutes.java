package org.govmail.auth.admin;

import static org.govmail.auth.admin.RestSupport.body;
import static org.govmail.auth.admin.RestSupport.text;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.james.webadmin.PublicRoutes;
import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.gate.RateLimiter;
import org.govmail.auth.token.FrontEnd;
import org.govmail.auth.token.FrontEnds;
import org.govmail.auth.token.TokenSigningKeys;
import org.govmail.auth.token.WebLogin;

import com.fasterxml.jackson.databind.JsonNode;

import spark.Response;
import spark.Service;

/**
 * {@code /govmail/auth}: the web front end logs a user in with their certificate (challenge, signed
 * challenge → tokens), refreshes and ends the login, and fetches the keys that verify the tokens. The
 * front end authenticates itself with HTTP Basic ({@code id:secret} from {@code conf/govmail-tokens.xml});
 * the user's address is the last hop of the {@code X-Forwarded-For} it sends (it is authenticated, so its
 * word on that is taken). Challenges and logins are rate limited per address, logins also per account.
 */
public final class TokenRoutes implements PublicRoutes {
    public static final String BASE = "/govmail/auth";

    private final WebLogin login;
    private final FrontEnds frontEnds;
    private final TokenSigningKeys keys;
    private final RateLimiter addressLimiter;
    private final RestSupport rest;

    public TokenRoutes(WebLogin login, FrontEnds frontEnds, TokenSigningKeys keys, RateLimiter addressLimiter, RestSupport rest) {
        this.login = login;
        this.frontEnds = frontEnds;
        this.keys = keys;
        this.addressLimiter = addressLimiter;
        this.rest = rest;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service spark) {
        spark.get(BASE + "/jwks", rest.json((request, response) -> {
            response.header("Cache-Control", "public, max-age=300");
            return keys.jwks();
        }));
        spark.post(BASE + "/challenge", rest.json((request, response) -> {
            FrontEnd frontEnd = frontEnds.authenticate(request.headers("Authorization"));
            limit(RestSupport.forwardedClient(request), response);
            WebLogin.IssuedChallenge challenge = login.challenge(frontEnd);
            noStore(response);
            response.status(201);
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("nonce", challenge.nonce());
            view.put("expiresAt", challenge.expiresAt().toString());
            view.put("expiresIn", Duration.between(Instant.now(), challenge.expiresAt()).toSeconds());
            return view;
        }));
        spark.post(BASE + "/login", rest.json((request, response) -> {
            FrontEnd frontEnd = frontEnds.authenticate(request.headers("Authorization"));
            String address = RestSupport.forwardedClient(request);
            limit(address, response);
            JsonNode body = body(request);
            WebLogin.Tokens tokens = login.login(frontEnd, address, text(body, "nonce", true), RestSupport.signedChallenge(body));
            noStore(response);
            return view(tokens);
        }));
        spark.post(BASE + "/refresh", rest.json((request, response) -> {
            FrontEnd frontEnd = frontEnds.authenticate(request.headers("Authorization"));
            WebLogin.Tokens tokens = login.refresh(frontEnd, RestSupport.forwardedClient(request), text(body(request), "refreshToken", true));
            noStore(response);
            return view(tokens);
        }));
        spark.post(BASE + "/logout", rest.json((request, response) -> {
            FrontEnd frontEnd = frontEnds.authenticate(request.headers("Authorization"));
            return Map.of("revoked", login.logout(frontEnd, RestSupport.forwardedClient(request), text(body(request), "token", true)));
        }));
    }

    private void limit(String address, Response response) throws GovmailAuthException {
        if (!addressLimiter.allow(address)) {
            response.header("Retry-After", String.valueOf(addressLimiter.retryAfterSeconds(address)));
            throw new GovmailAuthException(Reason.RATE_LIMITED, "too many challenges and logins a minute from " + address);
        }
    }

    private static Map<String, Object> view(WebLogin.Tokens tokens) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("tokenType", "Bearer");
        view.put("accessToken", tokens.accessToken());
        view.put("expiresAt", tokens.accessExpiresAt().toString());
        view.put("expiresIn", Math.max(0, Duration.between(Instant.now(), tokens.accessExpiresAt()).toSeconds()));
        view.put("refreshToken", tokens.refreshToken());
        view.put("refreshExpiresAt", tokens.refreshExpiresAt().toString());
        view.put("sessionId", tokens.sessionId());
        view.put("certificateFingerprint", tokens.fingerprint());
        view.put("account", AccountViews.summary(tokens.account()));
        return view;
    }

    private static void noStore(Response response) {
        // RFC 6749 5.1: responses carrying tokens must not be cached.
        response.header("Cache-Control", "no-store");
        response.header("Pragma", "no-cache");
    }
}
