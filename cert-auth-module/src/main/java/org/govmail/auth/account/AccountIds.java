package org.govmail.auth.account;

import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;

/**
 * Account ids are mail addresses of a domain this server hosts. The local part is letters, digits and
 * {@code . _ -}, 1 to 64 characters, not starting or ending with a dot or containing "..": conservative
 * on purpose, because an id can never be changed once created.
 */
public final class AccountIds {
    private static final Pattern LOCAL_PART = Pattern.compile("^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$");
    private static final Pattern DOMAIN = Pattern.compile("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$");

    private final DomainList domains;

    public AccountIds(DomainList domains) {
        this.domains = domains;
    }

    /** A lower-case host name of at least two labels (what a hosted mail domain looks like). */
    public static boolean isDomainName(String domain) {
        return DOMAIN.matcher(domain).matches();
    }

    public static String normalize(String id) {
        return id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
    }

    /** The normalized id, if its syntax is valid and its domain is hosted here. */
    public String requireValid(String id) throws GovmailAuthException {
        String normalized = normalize(id);
        int at = normalized.indexOf('@');
        if (at < 0 || at != normalized.lastIndexOf('@')) {
            throw new GovmailAuthException(Reason.ACCOUNT_ID_INVALID, "'" + id + "' is not a mail address");
        }
        String local = normalized.substring(0, at);
        String domain = normalized.substring(at + 1);
        if (!LOCAL_PART.matcher(local).matches() || local.contains("..")) {
            throw new GovmailAuthException(Reason.ACCOUNT_ID_INVALID, "'" + local
                + "' is not a valid account name: use 1-64 letters, digits, '.', '_' or '-', starting and ending with a letter or digit");
        }
        if (!isDomainName(domain)) {
            throw new GovmailAuthException(Reason.ACCOUNT_ID_INVALID, "'" + domain + "' is not a valid domain");
        }
        try {
            if (!domains.containsDomain(Domain.of(domain))) {
                throw new GovmailAuthException(Reason.ACCOUNT_ID_INVALID, "domain " + domain + " is not hosted here");
            }
        } catch (DomainListException | IllegalArgumentException e) {
            throw new GovmailAuthException(Reason.ACCOUNT_ID_INVALID, "domain of " + id + ": " + e.getMessage());
        }
        return normalized;
    }
}
