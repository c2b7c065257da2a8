package org.govmail.server.wiring;

import java.io.FileNotFoundException;

import javax.inject.Singleton;
import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.CoreDataModule;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.jpa.JPADomainList;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.mailrepository.api.MailRepositoryFactory;
import org.apache.james.mailrepository.api.MailRepositoryUrlStore;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.jpa.JPAMailRepository;
import org.apache.james.mailrepository.jpa.JPAMailRepositoryFactory;
import org.apache.james.mailrepository.jpa.JPAMailRepositoryUrlStore;
import org.apache.james.mailrepository.memory.MailRepositoryStoreConfiguration;
import org.apache.james.rrt.api.AliasReverseResolver;
import org.apache.james.rrt.api.CanSendFrom;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.jpa.JPARecipientRewriteTable;
import org.apache.james.rrt.lib.AliasReverseResolverImpl;
import org.apache.james.rrt.lib.CanSendFromImpl;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.sieve.jpa.JPASieveRepository;
import org.apache.james.sieverepository.api.SieveQuotaRepository;
import org.apache.james.sieverepository.api.SieveRepository;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.utils.InitializationOperation;
import org.govmail.auth.users.GovmailUsersRepository;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.utils.PropertiesProvider;

import com.google.common.collect.ImmutableList;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Server data on JPA in every profile: one entity manager factory (persistence unit "Global", see
 * {@code META-INF/persistence.xml}) serving users (the account registry and all of govmail's own state) and
 * sieve scripts. In the embedded profile domains, recipient rewrites, {@code jpa://} mail repositories
 * ({@link JpaMailDataModule}) and the mailbox store ({@link JpaMailboxModule}) share the same factory.
 */
public class JpaStorageModule extends AbstractModule {
    static final String PERSISTENCE_UNIT = "Global";

    @Override
    protected void configure() {
        install(new CoreDataModule());

        // Users are the certificate-gated accounts of the registry (CertAuthModule).
        bind(GovmailUsersRepository.class).in(Scopes.SINGLETON);
        bind(UsersRepository.class).to(GovmailUsersRepository.class);

        bind(JPASieveRepository.class).in(Scopes.SINGLETON);
        bind(SieveRepository.class).to(JPASieveRepository.class);
        bind(SieveQuotaRepository.class).to(JPASieveRepository.class);
    }

    @Provides
    @Singleton
    JpaDatabaseSettings databaseSettings(PropertiesProvider propertiesProvider)
            throws FileNotFoundException, ConfigurationException {
        return JpaDatabaseSettings.from(propertiesProvider.getConfiguration("james-database"));
    }

    @Provides
    @Singleton
    EntityManagerFactory entityManagerFactory(JpaDatabaseSettings settings) {
        return Persistence.createEntityManagerFactory(PERSISTENCE_UNIT, settings.toOpenJpaProperties());
    }

    @ProvidesIntoSet
    InitializationOperation configureUsers(ConfigurationProvider configurationProvider, GovmailUsersRepository users) {
        return InitilizationOperationBuilder.forClass(GovmailUsersRepository.class)
            .init(() -> users.configure(configurationProvider.getConfiguration("usersrepository")));
    }
}
