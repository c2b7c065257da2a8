package org.govmail.auth.admin;

import static org.govmail.auth.admin.RestSupport.caller;
import static org.govmail.auth.admin.RestSupport.number;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.james.webadmin.Routes;
import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.audit.AuditLog;
import org.govmail.auth.audit.AuditQuery;
import org.govmail.auth.lifecycle.Housekeeping;

import spark.Request;
import spark.Service;

/**
 * The audit log (read-only: there is no route that changes it) for administrators, scoped to their
 * institutions, and the super administrator's "run the scheduled work now".
 */
public final class AuditRoutes implements Routes {
    public static final String BASE = "/govmail/audit";
    public static final String HOUSEKEEPING = BASE + "/housekeeping";

    private final AuditLog audit;
    private final Housekeeping housekeeping;
    private final RestSupport rest;

    public AuditRoutes(AuditLog audit, Housekeeping housekeeping, RestSupport rest) {
        this.audit = audit;
        this.housekeeping = housekeeping;
        this.rest = rest;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service spark) {
        spark.get(BASE, rest.json((request, response) -> audit.query(query(request)).stream().map(AccountViews::auditEvent).toList()));
        spark.post(HOUSEKEEPING, rest.json((request, response) -> {
            caller(request).requireSuper();
            return housekeeping.run();
        }));
    }

    private static AuditQuery query(Request request) throws GovmailAuthException {
        Caller caller = caller(request);
        Optional<String> institution = Optional.ofNullable(request.queryParams("institution"));
        Optional<Set<String>> scope;
        if (caller.superAdmin()) {
            scope = institution.map(Set::of);
        } else if (caller.isAdministrator()) {
            if (institution.isPresent() && !caller.administers(institution.get())) {
                throw new GovmailAuthException(Reason.FORBIDDEN, caller.login() + " does not administer " + institution.get());
            }
            scope = Optional.of(institution.map(Set::of).orElse(caller.institutions()));
        } else {
            throw new GovmailAuthException(Reason.FORBIDDEN, caller.login() + " administers no institution");
        }
        // Ids are stored lower case: filters match them whatever case the caller used.
        return new AuditQuery(Optional.ofNullable(request.queryParams("account")).map(value -> value.trim().toLowerCase(Locale.ROOT)),
            Optional.ofNullable(request.queryParams("actor")).map(value -> value.trim().toLowerCase(Locale.ROOT)),
            Optional.ofNullable(request.queryParams("action")), scope,
            RestSupport.instant(request.queryParams("from"), "from"), RestSupport.instant(request.queryParams("to"), "to"),
            number(request.queryParams("offset"), 0), RestSupport.limit(request));
    }
}
