package org.govmail.auth.admin;

import java.util.List;

/**
 * Account provisioning over JMX ({@code org.govmail:type=component,name=accounts}), the same service
 * as {@code /govmail/accounts} in WebAdmin. Results are the REST API's JSON; a refusal is an
 * {@link IllegalArgumentException} whose message starts with the reason code
 * ({@code CERT_NPKI_NOT_ACCEPTED: ...}), so any JMX client can show it without govmail's classes.
 */
public interface AccountManagementMBean {
    /** {@code status}: PENDING or APPROVED; {@code certificate}: PEM or base64 of the DER file. */
    String createAccount(String id, String name, String institution, String status, String password, String certificate);

    String getAccount(String id);

    /** Accounts in {@code status} (empty: all), at most 1000 from {@code offset}. */
    List<String> listAccounts(String status, int offset);

    String changeStatus(String id, String status, String reason);

    String addCertificate(String id, String certificate);

    String revokeCertificate(String id, String fingerprint, String reason);
}
