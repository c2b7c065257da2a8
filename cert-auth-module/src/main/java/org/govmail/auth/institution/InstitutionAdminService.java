package org.govmail.auth.institution;

import java.util.List;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.account.AccountIds;
import org.govmail.auth.account.AccountRegistry;
import org.govmail.auth.admin.Caller;
import org.govmail.auth.audit.AuditEntry;
import org.govmail.auth.audit.AuditLog;

/**
 * The institution registry as administrators use it (REST and JMX alike): the super administrator
 * registers institutions and appoints their administrators; institution administrators read their own;
 * anyone may search by name for the administrators' contacts. Changes are audited.
 */
public final class InstitutionAdminService {
    private static final int MAX_SEARCH = 50;

    private final InstitutionRegistry registry;
    private final AccountRegistry accounts;
    private final AuditLog audit;

    public InstitutionAdminService(InstitutionRegistry registry, AccountRegistry accounts, AuditLog audit) {
        this.accounts = accounts;
        this.registry = registry;
        this.audit = audit;
    }

    public Institution create(Caller caller, Institution institution) throws GovmailAuthException {
        return audited(caller, "INSTITUTION_CREATE", institution.code(), () -> {
            caller.requireSuper();
            return registry.create(valid(institution));
        });
    }

    public Institution update(Caller caller, Institution institution) throws GovmailAuthException {
        return audited(caller, "INSTITUTION_UPDATE", institution.code(), () -> {
            caller.requireSuper();
            return registry.update(valid(institution));
        });
    }

    public Institution appoint(Caller caller, String code, Administrator administrator) throws GovmailAuthException {
        return audited(caller, "INSTITUTION_ADMIN_APPOINT", code, () -> {
            caller.requireSuper();
            if (administrator.account().isBlank() || !administrator.account().contains("@") || administrator.name().isBlank()) {
                throw new GovmailAuthException(Reason.REQUEST_INVALID, "an administrator needs a mail address and a name");
            }
            if (accounts.find(administrator.account()).isEmpty()) {
                throw new GovmailAuthException(Reason.ACCOUNT_NOT_FOUND, "an administrator acts with a govmail account: no account "
                    + administrator.account());
            }
            return registry.addAdministrator(code, administrator);
        });
    }

    public Institution dismiss(Caller caller, String code, String account) throws GovmailAuthException {
        return audited(caller, "INSTITUTION_ADMIN_DISMISS", code, () -> {
            caller.requireSuper();
            return registry.removeAdministrator(code, account);
        });
    }

    public Institution get(Caller caller, String code) throws GovmailAuthException {
        Institution institution = registry.find(code)
            .orElseThrow(() -> new GovmailAuthException(Reason.INSTITUTION_NOT_FOUND, "no institution " + code));
        if (!caller.administers(institution.code())) {
            throw new GovmailAuthException(Reason.FORBIDDEN, caller.login() + " does not administer " + code);
        }
        return institution;
    }

    /** All institutions for the super administrator; an institution administrator's own otherwise. */
    public List<Institution> list(Caller caller, int offset, int limit) throws GovmailAuthException {
        if (caller.superAdmin()) {
            return registry.list(offset, limit);
        }
        if (!caller.isAdministrator()) {
            throw new GovmailAuthException(Reason.FORBIDDEN, caller.login() + " administers no institution");
        }
        return caller.institutions().stream().sorted().skip(offset).limit(limit)
            .flatMap(code -> registry.find(code).stream()).toList();
    }

    /** The public "who approves me?" search: at least one character, at most {@value #MAX_SEARCH} results. */
    public List<Institution> search(String namePart) throws GovmailAuthException {
        if (namePart == null || namePart.isBlank() || namePart.length() > 100) {
            throw new GovmailAuthException(Reason.REQUEST_INVALID, "give 1 to 100 characters of the institution's name");
        }
        return registry.search(namePart.trim(), MAX_SEARCH);
    }

    private static Institution valid(Institution institution) throws GovmailAuthException {
        if (!institution.code().matches("[A-Za-z0-9_-]{1,40}")) {
            throw new GovmailAuthException(Reason.REQUEST_INVALID, "an institution code is 1-40 letters, digits, '_' or '-'");
        }
        if (institution.name().isBlank()) {
            throw new GovmailAuthException(Reason.REQUEST_INVALID, "an institution needs a name");
        }
        for (String domain : institution.domains()) {
            if (!AccountIds.isDomainName(domain)) {
                throw new GovmailAuthException(Reason.INSTITUTION_DOMAIN_INVALID, "'" + domain + "' is not a domain name");
            }
        }
        return institution;
    }

    @FunctionalInterface
    private interface Change {
        Institution run() throws GovmailAuthException;
    }

    private Institution audited(Caller caller, String action, String code, Change change) throws GovmailAuthException {
        try {
            Institution institution = change.run();
            audit.record(AuditEntry.done(caller.login(), action, null, institution.code(), institution.name() + " ("
                + institution.type() + ", domains " + institution.domains() + ", " + institution.administrators().size()
                + " administrator(s))").from(caller.address()));
            return institution;
        } catch (GovmailAuthException e) {
            audit.record(AuditEntry.refused(caller.login(), action, null, code, e.reason(), e.getMessage()).from(caller.address()));
            throw e;
        }
    }
}
