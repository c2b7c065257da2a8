package org.govmail.auth.admin;

import static org.govmail.auth.admin.RestSupport.body;
import static org.govmail.auth.admin.RestSupport.caller;
import static org.govmail.auth.admin.RestSupport.enumValue;
import static org.govmail.auth.admin.RestSupport.number;
import static org.govmail.auth.admin.RestSupport.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.james.webadmin.Routes;
import org.govmail.auth.institution.Administrator;
import org.govmail.auth.institution.Institution;
import org.govmail.auth.institution.InstitutionAdminService;
import org.govmail.auth.institution.InstitutionType;

import com.fasterxml.jackson.databind.JsonNode;

import spark.Service;

/** Institutions and their administrators over REST (admin-authenticated); documented in {@code docs/openapi.yaml}. */
public final class InstitutionRoutes implements Routes {
    public static final String BASE = "/govmail/institutions";

    private final InstitutionAdminService service;
    private final RestSupport rest;

    public InstitutionRoutes(InstitutionAdminService service, RestSupport rest) {
        this.service = service;
        this.rest = rest;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service spark) {
        spark.get(BASE, rest.json((request, response) -> service.list(caller(request), number(request.queryParams("offset"), 0),
            RestSupport.limit(request)).stream().map(institution -> AccountViews.institution(institution, true)).toList()));
        spark.post(BASE, rest.json((request, response) -> {
            caller(request).requireSuper();
            JsonNode body = body(request);
            Institution created = service.create(caller(request), institution(text(body, "code", true), body, List.of()));
            response.status(201);
            return AccountViews.institution(created, true);
        }));
        spark.get(BASE + "/:code", rest.json((request, response) ->
            AccountViews.institution(service.get(caller(request), request.params("code")), true)));
        spark.put(BASE + "/:code", rest.json((request, response) -> {
            caller(request).requireSuper();
            JsonNode body = body(request);
            Institution current = service.get(caller(request), request.params("code"));
            // A PUT without "domains" keeps the institution's domains rather than removing them all.
            Institution changed = institution(current.code(), body, List.of());
            if (!body.has("domains")) {
                changed = new Institution(changed.code(), changed.name(), changed.type(), current.domains(), List.of());
            }
            return AccountViews.institution(service.update(caller(request), changed), true);
        }));
        spark.put(BASE + "/:code/administrators/:account", rest.json((request, response) -> {
            JsonNode body = body(request);
            return AccountViews.institution(service.appoint(caller(request), request.params("code"),
                new Administrator(request.params("account"), text(body, "name", true), text(body, "phone", false))), true);
        }));
        spark.delete(BASE + "/:code/administrators/:account", rest.json((request, response) ->
            AccountViews.institution(service.dismiss(caller(request), request.params("code"), request.params("account")), true)));
    }

    private static Institution institution(String code, JsonNode body, List<Administrator> administrators) {
        List<String> domains = new ArrayList<>();
        JsonNode list = body.get("domains");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new RestSupport.BadRequest(400, org.govmail.auth.Reason.REQUEST_INVALID, "'domains' must be an array of strings");
            }
            list.forEach(domain -> {
                if (!domain.isTextual()) {
                    throw new RestSupport.BadRequest(400, org.govmail.auth.Reason.REQUEST_INVALID, "'domains' must be an array of strings");
                }
                domains.add(domain.asText().trim().toLowerCase(Locale.ROOT));
            });
        }
        return new Institution(code, text(body, "name", true), enumValue(InstitutionType.class, text(body, "type", true), null),
            domains, administrators);
    }
}
