package org.govmail.auth.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.govmail.auth.account.Account;
import org.govmail.auth.account.RegisteredCertificate;
import org.govmail.auth.audit.AuditEvent;
import org.govmail.auth.institution.Administrator;
import org.govmail.auth.institution.Institution;

/** How accounts, certificates, institutions and audit events look over REST and JMX: one shape for both. */
public final class AccountViews {
    private AccountViews() {
    }

    public static Map<String, Object> full(Account account, List<RegisteredCertificate> certificates) {
        Map<String, Object> view = summary(account);
        view.put("certificates", certificates.stream().map(AccountViews::certificate).toList());
        return view;
    }

    public static Map<String, Object> summary(Account account) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", account.id());
        view.put("name", account.name());
        view.put("type", account.type().name());
        view.put("institution", account.institution());
        view.put("status", account.status().name());
        view.put("statusReason", account.statusReason());
        view.put("statusChangedAt", account.statusChangedAt().toString());
        view.put("language", account.language());
        account.retireAt().ifPresent(at -> view.put("retireAt", at.toString()));
        account.redirectTo().ifPresent(to -> view.put("redirectTo", to));
        view.put("createdAt", account.createdAt().toString());
        view.put("updatedAt", account.updatedAt().toString());
        return view;
    }

    public static Map<String, Object> certificate(RegisteredCertificate certificate) {
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

    /** {@code withContacts}: administrators' names, phones and mail addresses (the "who approves me?" view). */
    public static Map<String, Object> institution(Institution institution, boolean withContacts) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("code", institution.code());
        view.put("name", institution.name());
        view.put("type", institution.type().name());
        view.put("signupAllowed", institution.type().signupAllowed());
        view.put("domains", institution.domains());
        if (withContacts) {
            view.put("administrators", institution.administrators().stream().map(AccountViews::administrator).toList());
        }
        return view;
    }

    public static Map<String, Object> administrator(Administrator administrator) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", administrator.name());
        view.put("phone", administrator.phone());
        view.put("mail", administrator.account());
        return view;
    }

    public static Map<String, Object> auditEvent(AuditEvent event) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("sequence", event.sequence());
        view.put("at", event.at().toString());
        view.put("actor", event.entry().actor());
        view.put("action", event.entry().action());
        view.put("account", event.entry().account().orElse(null));
        view.put("institution", event.entry().institution().orElse(null));
        view.put("outcome", event.entry().outcome());
        view.put("reason", event.entry().refusal().map(Enum::name).orElse(null));
        view.put("detail", event.entry().detail());
        view.put("remoteAddress", event.entry().remoteAddress().orElse(null));
        return view;
    }

    /** One login attempt as its holder sees it: detail starts with "PROTOCOL METHOD". */
    public static Map<String, Object> login(AuditEvent event) {
        String[] words = event.entry().detail().split("[ ,:]+", 3);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("at", event.at().toString());
        view.put("protocol", words.length > 0 ? words[0] : null);
        view.put("method", words.length > 1 ? words[1] : null);
        view.put("remoteAddress", event.entry().remoteAddress().orElse(null));
        view.put("result", event.entry().refusal().isPresent() ? "REFUSED" : "ACCEPTED");
        view.put("reason", event.entry().refusal().map(Enum::name).orElse(null));
        return view;
    }
}
