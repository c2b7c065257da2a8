package org.govmail.auth.admin;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.account.AccountStatus;
import org.govmail.auth.account.AccountType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@link AccountManagementMBean} over {@link AccountAdminService}; the actor in the log is "jmx". */
public final class AccountManagement implements AccountManagementMBean {
    public static final String OBJECT_NAME = "org.govmail:type=component,name=accounts";
    private static final String ACTOR = "jmx";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AccountAdminService service;

    @Inject
    public AccountManagement(AccountAdminService service) {
        this.service = service;
    }

    @FunctionalInterface
    private interface Action {
        Object run() throws GovmailAuthException;
    }

    @Override
    public String createAccount(String id, String name, String institution, String status, String password, String certificate) {
        return json(() -> AccountViews.full(service, service.create(new AccountAdminService.Creation(id, name,
            AccountType.INDIVIDUAL, institution, status(status), password, CertificateText.decode(certificate)), ACTOR)));
    }

    @Override
    public String getAccount(String id) {
        return json(() -> AccountViews.full(service, service.get(id)));
    }

    @Override
    public List<String> listAccounts(String status, int offset) {
        Optional<AccountStatus> filter = status == null || status.isBlank() ? Optional.empty() : Optional.of(status(status));
        return service.list(filter, Optional.empty(), Math.max(0, offset), 1000).stream()
            .map(account -> json(() -> AccountViews.summary(account))).toList();
    }

    @Override
    public String changeStatus(String id, String status, String reason) {
        return json(() -> AccountViews.summary(service.changeStatus(id, status(status), reason, ACTOR)));
    }

    @Override
    public String addCertificate(String id, String certificate) {
        return json(() -> AccountViews.certificate(service.addCertificate(id, CertificateText.decode(certificate), ACTOR)));
    }

    @Override
    public String revokeCertificate(String id, String fingerprint, String reason) {
        return json(() -> AccountViews.certificate(service.revokeCertificate(id, fingerprint,
            reason == null || reason.isBlank() ? "revoked by administrator" : reason, ACTOR)));
    }

    private static String json(Action action) {
        try {
            return JSON.writeValueAsString(action.run());
        } catch (GovmailAuthException e) {
            throw new IllegalArgumentException(e.reason().name() + ": " + e.getMessage());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer", e);
        }
    }

    private static AccountStatus status(String value) {
        try {
            return AccountStatus.valueOf(String.valueOf(value).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Reason.REQUEST_INVALID.name() + ": unknown status '" + value + "'");
        }
    }
}
