package org.govmail.auth.admin;

import static org.govmail.auth.admin.RestSupport.body;
import static org.govmail.auth.admin.RestSupport.enumValue;
import static org.govmail.auth.admin.RestSupport.text;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.james.webadmin.PublicRoutes;
import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.account.Account;
import org.govmail.auth.account.AccountType;
import org.govmail.auth.gate.RateLimiter;
import org.govmail.auth.config.LifecycleConfiguration;
import org.govmail.auth.i18n.Texts;
import org.govmail.auth.institution.InstitutionAdminService;
import org.govmail.auth.signup.Information;
import org.govmail.auth.signup.SignupService;
import org.govmail.auth.signup.SignupState;

import com.fasterxml.jackson.databind.JsonNode;

import spark.Request;
import spark.Service;

/**
 * The public, unauthenticated routes the web front end drives sign-up with, and the institution contact
 * search, all rate-limited per client address. The sign-up session token travels in the
 * {@code X-Signup-Token} header (never in a URL, so it stays out of access logs).
 */
public final class SignupRoutes implements PublicRoutes {
    public static final String BASE = "/govmail/public";
    public static final String TOKEN_HEADER = "X-Signup-Token";

    private final SignupService signup;
    private final InstitutionAdminService institutions;
    private final LifecycleConfiguration settings;
    private final RateLimiter limiter;
    private final Texts texts;
    private final RestSupport rest;

    public SignupRoutes(SignupService signup, InstitutionAdminService institutions, LifecycleConfiguration settings,
                        RateLimiter limiter, Texts texts, RestSupport rest) {
        this.signup = signup;
        this.institutions = institutions;
        this.settings = settings;
        this.limiter = limiter;
        this.texts = texts;
        this.rest = rest;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service spark) {
        spark.before(BASE + "/*", (request, response) -> {
            String client = client(request);
            if (!limiter.allow(client)) {
                response.header("Retry-After", String.valueOf(limiter.retryAfterSeconds(client)));
                response.type("application/json; charset=utf-8");
                spark.halt(429, rest.error(Texts.language(request.headers("Accept-Language")), Reason.RATE_LIMITED,
                    "more than " + settings.publicRequestsPerMinute() + " requests a minute from " + client));
            }
        });
        spark.get(BASE + "/terms", rest.json((request, response) -> settings.terms().stream().map(terms -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", terms.id());
            view.put("version", terms.version());
            view.put("required", terms.required());
            return view;
        }).toList()));
        spark.get(BASE + "/institutions", rest.json((request, response) -> institutions.search(request.queryParams("name")).stream()
            .map(institution -> AccountViews.institution(institution, true)).toList()));
        spark.get(BASE + "/accounts/availability", rest.json((request, response) -> {
            String id = signup.requireAvailable(request.queryParams("id"));
            return Map.of("id", id, "available", true,
                "notice", texts.text(Texts.language(request.headers("Accept-Language")), "signup.id.immutable"));
        }));

        spark.post(BASE + "/signup", rest.json((request, response) -> {
            JsonNode body = body(request);
            SignupService.Started started = signup.start(terms(body), accountType(body), client(request));
            response.status(201);
            Map<String, Object> view = session(started.state(), request);
            view.put("token", started.token());
            return view;
        }));
        spark.get(BASE + "/signup", rest.json((request, response) -> session(signup.state(token(request)), request)));
        spark.post(BASE + "/signup/identity", rest.json((request, response) ->
            session(signup.verifyIdentity(token(request), text(body(request), "assertion", true), client(request)), request)));
        spark.post(BASE + "/signup/information", rest.json((request, response) ->
            session(signup.enterInformation(token(request), information(body(request)), client(request)), request)));
        spark.post(BASE + "/signup/submit", rest.json((request, response) -> {
            Account account = signup.submit(token(request), client(request));
            response.status(201);
            return created(account, request);
        }));
        spark.post(BASE + "/signups", rest.json((request, response) -> {
            JsonNode body = body(request);
            Account account = signup.signUp(terms(body), accountType(body), text(body, "assertion", true), information(body), client(request));
            response.status(201);
            return created(account, request);
        }));
    }

    private Map<String, Object> created(Account account, Request request) {
        Map<String, Object> view = AccountViews.summary(account);
        view.put("notice", texts.text(Texts.language(request.headers("Accept-Language")), "signup.submitted"));
        return view;
    }

    private Map<String, Object> session(SignupState state, Request request) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("step", state.step().name());
        view.put("accountType", state.type().name());
        view.put("acceptedTerms", state.acceptedTerms());
        view.put("expiresAt", state.expiresAt().toString());
        state.identity().ifPresent(identity -> view.put("verifiedName", identity.name()));
        state.information().ifPresent(checked -> {
            view.put("accountId", checked.accountId());
            view.put("institution", checked.institution());
            view.put("certificateFingerprint", checked.fingerprint());
            view.put("notice", texts.text(Texts.language(request.headers("Accept-Language")), "signup.id.immutable"));
        });
        return view;
    }

    private static String token(Request request) throws GovmailAuthException {
        String token = request.headers(TOKEN_HEADER);
        if (token == null || token.isBlank()) {
            throw new GovmailAuthException(Reason.SIGNUP_SESSION_NOT_FOUND, "the " + TOKEN_HEADER + " header is missing");
        }
        return token.trim();
    }

    private static Map<String, String> terms(JsonNode body) {
        JsonNode node = body.get("acceptedTerms");
        if (node == null || !node.isObject()) {
            throw new RestSupport.BadRequest(400, Reason.TERMS_NOT_ACCEPTED, "'acceptedTerms' must map each accepted terms id to its version");
        }
        Map<String, String> accepted = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            if (!entry.getValue().isTextual()) {
                throw new RestSupport.BadRequest(400, Reason.REQUEST_INVALID, "the version of terms '" + entry.getKey() + "' must be a string");
            }
            accepted.put(entry.getKey(), entry.getValue().asText());
        });
        return accepted;
    }

    private static AccountType accountType(JsonNode body) {
        return enumValue(AccountType.class, text(body, "accountType", false), AccountType.INDIVIDUAL);
    }

    private static Information information(JsonNode body) throws GovmailAuthException {
        return new Information(text(body, "name", true), text(body, "institution", true), text(body, "localPart", true),
            text(body, "domain", false), text(body, "password", true), RestSupport.certificate(body), text(body, "language", false));
    }

    /** The client's address; behind a trusted proxy (the web front end), the address it forwards. */
    private String client(Request request) {
        return settings.trustedProxies().contains(request.ip()) ? RestSupport.forwardedClient(request) : request.ip();
    }
}
