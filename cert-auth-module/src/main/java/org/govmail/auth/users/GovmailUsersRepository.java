package org.govmail.auth.users;

import javax.inject.Inject;

import org.apache.james.domainlist.api.DomainList;
import org.apache.james.user.lib.UsersRepositoryImpl;

/** James' users repository over {@link RegistryUsersDAO}: virtual hosting, user names are full mail addresses. */
public class GovmailUsersRepository extends UsersRepositoryImpl<RegistryUsersDAO> {
    @Inject
    public GovmailUsersRepository(DomainList domainList, RegistryUsersDAO usersDAO) {
        super(domainList, usersDAO);
    }
}
