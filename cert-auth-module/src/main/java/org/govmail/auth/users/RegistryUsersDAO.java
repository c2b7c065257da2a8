package org.govmail.auth.users;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.user.api.model.User;
import org.apache.james.user.lib.UsersDAO;
import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.account.Account;
import org.govmail.auth.account.AccountStatus;
import org.govmail.auth.account.AccountRegistry;
import org.govmail.auth.account.PasswordHasher;

/**
 * James' users repository answering from the account registry, so there is one list of accounts
 * and one password per account. Creating a user through James (CLI {@code AddUser}, WebAdmin
 * {@code PUT /users}) is refused: an account only exists with its certificate.
 */
public final class RegistryUsersDAO implements UsersDAO {
    private static final int PAGE = 500;
    private final AccountRegistry registry;
    private final PasswordHasher hasher;

    @Inject
    public RegistryUsersDAO(AccountRegistry registry, PasswordHasher hasher) {
        this.registry = registry;
        this.hasher = hasher;
    }

    @Override
    public boolean getDefaultVirtualHostingValue() {
        return true;
    }

    @Override
    public Optional<? extends User> getUserByName(Username name) {
        return registry.find(name.asString()).map(account -> new RegistryUser(Username.of(account.id())));
    }

    @Override
    public void updateUser(User user) throws UsersRepositoryException {
        if (user instanceof RegistryUser registryUser && registryUser.newHash != null) {
            try {
                registry.setPasswordHash(registryUser.name.asString(), registryUser.newHash);
            } catch (GovmailAuthException e) {
                throw new UsersRepositoryException(e.reason() + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void removeUser(Username name) throws UsersRepositoryException {
        try {
            registry.delete(name.asString());
        } catch (GovmailAuthException e) {
            throw new UsersRepositoryException(e.reason() + ": " + e.getMessage());
        }
    }

    /**
     * A REJECTED account does not exist for anyone sending mail: James asks this at RCPT time (refused
     * there with "no such user") and when deciding local delivery (bounced as unknown). Its stored mail
     * is kept until the lifecycle's purge, but nothing new arrives.
     */
    @Override
    public boolean contains(Username name) {
        return registry.find(name.asString()).filter(account -> account.status() != AccountStatus.REJECTED).isPresent();
    }

    @Override
    public int countUsers() {
        return (int) Math.min(Integer.MAX_VALUE, registry.count());
    }

    @Override
    public Iterator<Username> list() {
        List<Username> all = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            List<Account> page = registry.list(Optional.empty(), Optional.empty(), offset, PAGE);
            page.forEach(account -> all.add(Username.of(account.id())));
            if (page.size() < PAGE) {
                return all.iterator();
            }
        }
    }

    @Override
    public void addUser(Username username, String password) throws UsersRepositoryException {
        throw new UsersRepositoryException(Reason.ACCOUNT_CREATION_BY_CERTIFICATE_ONLY.name() + ": "
            + Reason.ACCOUNT_CREATION_BY_CERTIFICATE_ONLY.clientText());
    }

    /** A registry account seen as a James user; a password change is kept until {@link #updateUser}. */
    private final class RegistryUser implements User {
        private final Username name;
        private String newHash;

        RegistryUser(Username name) {
            this.name = name;
        }

        @Override
        public Username getUserName() {
            return name;
        }

        @Override
        public boolean verifyPassword(String password) {
            return registry.passwordHash(name.asString()).map(hash -> hasher.verify(password, hash)).orElse(false);
        }

        @Override
        public boolean setPassword(String password) {
            newHash = hasher.hash(password);
            return true;
        }
    }
}
