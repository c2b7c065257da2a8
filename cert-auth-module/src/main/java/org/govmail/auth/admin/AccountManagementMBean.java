package org.govmail.auth.admin;

import java.util.List;

/**
 * Account, institution and audit administration over JMX (jconsole, the James CLI's JMX connection), with
 * the super administrator's rights: JMX is loopback-only and password-protected. Results are JSON
 * strings, the same shapes as the REST API; refusals are IllegalArgumentException("CODE: detail").
 */
public interface AccountManagementMBean {
    String createAccount(String id, String name, String institution, String status, String password, String certificate);

    String getAccount(String id);

    List<String> listAccounts(String status, int offset);

    List<String> listPending(String institution);

    String changeStatus(String id, String status, String reason);

    String approve(String id);

    String reject(String id, String reason);

    String suspend(String id, String reason);

    String reinstate(String id);

    /** {@code at}: ISO-8601 instant or empty for now; {@code redirectTo}: an account, "representative" or empty. */
    String retire(String id, String reason, String at, String redirectTo);

    String cancelRetirement(String id);

    String addCertificate(String id, String certificate);

    String renewCertificate(String id, String certificate, boolean replace);

    String revokeCertificate(String id, String fingerprint, String reason);

    /** Writes the account's mail as a ZIP of mbox files to {@code path} on the server; returns the folder list. */
    String exportMail(String id, String path);

    List<String> searchInstitutions(String namePart);

    String createInstitution(String code, String name, String type, String domains);

    String appointAdministrator(String code, String account, String name, String phone);

    String dismissAdministrator(String code, String account);

    List<String> audit(String account, int limit);

    String runHousekeeping();
}
