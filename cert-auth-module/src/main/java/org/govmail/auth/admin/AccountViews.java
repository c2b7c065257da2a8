package org.govmail.auth.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.account.Account;
import org.govmail.auth.account.RegisteredCertificate;

/** How an account and its certificates look to an administrator: the same over REST and JMX. */
final class AccountViews {
    private AccountViews() {
    }

    static Map<String, Object> full(AccountAdminService service, Account account) throws GovmailAuthException {
        Map<String, Object> view = summary(account);
        view.put("certificates", service.certificates(account.id()).stream().map(AccountViews::certificate).toList());
        return view;
    }

    static Map<String, Object> summary(Account account) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", account.id());
        view.put("name", account.name());
        view.put("type", account.type().name());
        view.put("institution", account.institution());
        view.put("status", account.status().name());
        view.put("statusReason", account.statusReason());
        view.put("createdAt", account.createdAt().toString());
        view.put("updatedAt", account.updatedAt().toString());
        return view;
    }

    static Map<String, Object> certificate(RegisteredCertificate certificate) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("fingerprint", certificate.fingerprint());
        view.put("scheme", certificate.scheme());
        view.put("subject", certificate.subject());
        view.put("issuer", certificate.issuer());
        view.put("serial", certificate.serialHex());
        view.put("notBefore", certificate.notBefore().toString());
        view.put("notAfter", certificate.notAfter().toString());
        view.put("registeredAt", certificate.registeredAt().toString());
        view.put("active", certificate.active());
        certificate.revokedAt().ifPresent(when -> view.put("revokedAt", when.toString()));
        certificate.revocationReason().ifPresent(reason -> view.put("revocationReason", reason));
        return view;
    }
}
