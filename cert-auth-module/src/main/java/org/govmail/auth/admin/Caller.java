package org.govmail.auth.admin;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.account.Account;

/**
 * Who is calling an admin or account operation, and therefore what they may touch: the super
 * administrator everything; an institution administrator the accounts of the institutions they
 * administer; an account holder their own account. {@code address} is where the call came from, for the
 * audit log.
 */
public record Caller(String login, boolean superAdmin, Optional<String> account, Set<String> institutions, String address) {
    public static final String SYSTEM = "system";

    public Caller {
        Objects.requireNonNull(login);
        Objects.requireNonNull(account);
        institutions = Set.copyOf(institutions);
        address = address == null ? "-" : address;
    }

    public static Caller superAdministrator(String login, String address) {
        return new Caller(login, true, Optional.empty(), Set.of(), address);
    }

    public static Caller accountHolder(String account, Set<String> administeredInstitutions, String address) {
        return new Caller(account, false, Optional.of(account), administeredInstitutions, address);
    }

    public static Caller anonymous(String address) {
        return new Caller("anonymous", false, Optional.empty(), Set.of(), address);
    }

    /** Scheduled work (retirement dates, reminders, retention) acts with the super administrator's rights. */
    public static Caller system() {
        return new Caller(SYSTEM, true, Optional.empty(), Set.of(), "-");
    }

    public boolean administers(String institution) {
        return superAdmin || (institution != null && institutions.contains(institution));
    }

    public boolean isAdministrator() {
        return superAdmin || !institutions.isEmpty();
    }

    public boolean isSelf(Account target) {
        return account.map(id -> id.equalsIgnoreCase(target.id())).orElse(false);
    }

    public void requireSuper() throws GovmailAuthException {
        if (!superAdmin) {
            throw new GovmailAuthException(Reason.FORBIDDEN, login + " is not the super administrator");
        }
    }

    public void requireAdministratorOf(Account target) throws GovmailAuthException {
        if (!administers(target.institution())) {
            throw new GovmailAuthException(Reason.FORBIDDEN, login + " does not administer institution " + target.institution()
                + " of " + target.id());
        }
    }

    public void requireSelfOrAdministratorOf(Account target) throws GovmailAuthException {
        if (!isSelf(target)) {
            requireAdministratorOf(target);
        }
    }
}
