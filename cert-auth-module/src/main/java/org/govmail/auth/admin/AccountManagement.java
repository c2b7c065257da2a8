package org.govmail.auth.admin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.account.AccountStatus;
import org.govmail.auth.account.AccountType;
import org.govmail.auth.audit.AuditLog;
import org.govmail.auth.audit.AuditQuery;
import org.govmail.auth.institution.Administrator;
import org.govmail.auth.institution.Institution;
import org.govmail.auth.institution.InstitutionAdminService;
import org.govmail.auth.institution.InstitutionType;
import org.govmail.auth.lifecycle.AccountLifecycle;
import org.govmail.auth.lifecycle.Housekeeping;
import org.govmail.auth.lifecycle.MailArchive;

import com.fasterxml.jackson.databind.ObjectMapper;

/** {@link AccountManagementMBean} over the same services as REST; the caller in the audit log is "jmx". */
public final class AccountManagement implements AccountManagementMBean {
    public static final String OBJECT_NAME = "org.govmail:type=component,name=accounts";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AccountAdminService accounts;
    private final AccountLifecycle lifecycle;
    private final InstitutionAdminService institutions;
    private final MailArchive archive;
    private final AuditLog audit;
    private final Housekeeping housekeeping;
    private final Caller caller = Caller.superAdministrator("jmx", "jmx");

    public AccountManagement(AccountAdminService accounts, AccountLifecycle lifecycle, InstitutionAdminService institutions,
                             MailArchive archive, AuditLog audit, Housekeeping housekeeping) {
        this.accounts = accounts;
        this.lifecycle = lifecycle;
        this.institutions = institutions;
        this.archive = archive;
        this.audit = audit;
        this.housekeeping = housekeeping;
    }

    @FunctionalInterface
    private interface Action {
        Object run() throws GovmailAuthException, IOException;
    }

    @Override
    public String createAccount(String id, String name, String institution, String status, String password, String certificate) {
        return json(() -> full(accounts.create(new AccountAdminService.Creation(id, name, AccountType.INDIVIDUAL, blankToNull(institution),
            status(status), password, CertificateText.decode(certificate), null), caller).id()));
    }

    @Override
    public String getAccount(String id) {
        return json(() -> full(id));
    }

    @Override
    public List<String> listAccounts(String status, int offset) {
        Optional<AccountStatus> filter = status == null || status.isBlank() ? Optional.empty() : Optional.of(status(status));
        return jsonList(() -> accounts.list(caller, filter, Optional.empty(), Math.max(0, offset), 1000).stream().map(AccountViews::summary).toList());
    }

    @Override
    public List<String> listPending(String institution) {
        return jsonList(() -> accounts.list(caller, Optional.of(AccountStatus.PENDING), Optional.ofNullable(blankToNull(institution)), 0, 1000)
            .stream().map(AccountViews::summary).toList());
    }

    @Override
    public String changeStatus(String id, String status, String reason) {
        return json(() -> AccountViews.summary(lifecycle.changeStatus(caller, id, status(status), blankToNull(reason))));
    }

    @Override
    public String approve(String id) {
        return json(() -> AccountViews.summary(lifecycle.approve(caller, id)));
    }

    @Override
    public String reject(String id, String reason) {
        return json(() -> AccountViews.summary(lifecycle.reject(caller, id, reason)));
    }

    @Override
    public String suspend(String id, String reason) {
        return json(() -> AccountViews.summary(lifecycle.suspend(caller, id, reason)));
    }

    @Override
    public String reinstate(String id) {
        return json(() -> AccountViews.summary(lifecycle.reinstate(caller, id)));
    }

    @Override
    public String retire(String id, String reason, String at, String redirectTo) {
        return json(() -> AccountViews.summary(lifecycle.retire(caller, id, reason, RestSupport.instant(at, "at"),
            Optional.ofNullable(blankToNull(redirectTo)))));
    }

    @Override
    public String cancelRetirement(String id) {
        return json(() -> AccountViews.summary(lifecycle.cancelRetirement(caller, id)));
    }

    @Override
    public String addCertificate(String id, String certificate) {
        return renewCertificate(id, certificate, false);
    }

    @Override
    public String renewCertificate(String id, String certificate, boolean replace) {
        return json(() -> AccountViews.certificate(lifecycle.registerCertificate(caller, id, CertificateText.decode(certificate), replace)));
    }

    @Override
    public String revokeCertificate(String id, String fingerprint, String reason) {
        return json(() -> AccountViews.certificate(lifecycle.revokeCertificate(caller, id, fingerprint,
            reason == null || reason.isBlank() ? "revoked by administrator" : reason)));
    }

    @Override
    public String exportMail(String id, String path) {
        return json(() -> {
            String account = lifecycle.requireExportable(caller, id).id();
            try (OutputStream out = Files.newOutputStream(Path.of(path), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                archive.writeZip(account, out);
            }
            return archive.folders(account);
        });
    }

    @Override
    public List<String> searchInstitutions(String namePart) {
        return jsonList(() -> institutions.search(namePart).stream().map(institution -> AccountViews.institution(institution, true)).toList());
    }

    @Override
    public String createInstitution(String code, String name, String type, String domains) {
        return json(() -> AccountViews.institution(institutions.create(caller, new Institution(code, name,
            RestSupport.enumValue(InstitutionType.class, type, null),
            Arrays.stream(String.valueOf(domains).split("[,\\s]+")).filter(domain -> !domain.isBlank())
                .map(domain -> domain.toLowerCase(Locale.ROOT)).toList(), List.of())), true));
    }

    @Override
    public String appointAdministrator(String code, String account, String name, String phone) {
        return json(() -> AccountViews.institution(institutions.appoint(caller, code, new Administrator(account, name, phone)), true));
    }

    @Override
    public String dismissAdministrator(String code, String account) {
        return json(() -> AccountViews.institution(institutions.dismiss(caller, code, account), true));
    }

    @Override
    public List<String> audit(String account, int limit) {
        AuditQuery query = AuditQuery.all(Math.max(1, Math.min(limit, 1000)));
        AuditQuery scoped = account == null || account.isBlank() ? query : query.forAccount(account.trim().toLowerCase(Locale.ROOT));
        return jsonList(() -> audit.query(scoped).stream().map(AccountViews::auditEvent).toList());
    }

    @Override
    public String runHousekeeping() {
        return json(housekeeping::run);
    }

    private Object full(String id) throws GovmailAuthException {
        return AccountViews.full(accounts.get(caller, id), accounts.certificates(id));
    }

    private static String json(Action action) {
        try {
            return JSON.writeValueAsString(action.run());
        } catch (GovmailAuthException e) {
            throw new IllegalArgumentException(e.reason().name() + ": " + e.getMessage());
        } catch (RestSupport.BadRequest e) {
            throw new IllegalArgumentException(Reason.REQUEST_INVALID.name() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException(Reason.REQUEST_INVALID.name() + ": " + e.getMessage());
        }
    }

    private static List<String> jsonList(Action action) {
        try {
            Object result = action.run();
            return ((List<?>) result).stream().map(item -> json(() -> item)).toList();
        } catch (GovmailAuthException e) {
            throw new IllegalArgumentException(e.reason().name() + ": " + e.getMessage());
        } catch (RestSupport.BadRequest | IOException e) {
            throw new IllegalArgumentException(Reason.REQUEST_INVALID.name() + ": " + e.getMessage());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static AccountStatus status(String value) {
        try {
            return AccountStatus.valueOf(String.valueOf(value).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Reason.REQUEST_INVALID.name() + ": unknown status '" + value + "'");
        }
    }
}
