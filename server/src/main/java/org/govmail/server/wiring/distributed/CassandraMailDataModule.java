package org.govmail.server.wiring.distributed;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.backends.cassandra.components.CassandraModule;
import org.apache.james.domainlist.cassandra.CassandraDomainList;
import org.govmail.server.wiring.MailDataModule;
import org.apache.james.domainlist.lib.AbstractDomainList;
import org.apache.james.mailrepository.api.MailRepositoryFactory;
import org.apache.james.mailrepository.api.MailRepositoryUrlStore;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.cassandra.CassandraMailRepository;
import org.apache.james.mailrepository.cassandra.CassandraMailRepositoryFactory;
import org.apache.james.mailrepository.cassandra.CassandraMailRepositoryKeysDAO;
import org.apache.james.mailrepository.cassandra.CassandraMailRepositoryMailDaoV2;
import org.apache.james.mailrepository.cassandra.CassandraMailRepositoryUrlModule;
import org.apache.james.mailrepository.cassandra.CassandraMailRepositoryUrlStore;
import org.apache.james.mailrepository.jpa.JPAMailRepositoryFactory;
import org.apache.james.mailrepository.memory.MailRepositoryStoreConfiguration;
import org.apache.james.rrt.cassandra.CassandraMappingsSourcesDAO;
import org.apache.james.rrt.cassandra.CassandraRRTModule;
import org.apache.james.rrt.cassandra.CassandraRecipientRewriteTable;
import org.apache.james.rrt.cassandra.CassandraRecipientRewriteTableDAO;
import org.apache.james.rrt.lib.AbstractRecipientRewriteTable;

import com.google.common.collect.ImmutableList;
import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

/**
 * Distributed profile: domains, recipient rewrites and {@code cassandra://} mail repositories on Cassandra.
 * {@code jpa://} repositories stay readable (on the shared database) for an installation that moves over.
 */
class CassandraMailDataModule extends AbstractModule {
    @Override
    protected void configure() {
        install(new MailDataModule());
        Multibinder<CassandraModule> tables = Multibinder.newSetBinder(binder(), CassandraModule.class);
        tables.addBinding().toInstance(org.apache.james.domainlist.cassandra.CassandraDomainListModule.MODULE);
        tables.addBinding().toInstance(CassandraRRTModule.MODULE);
        tables.addBinding().toInstance(org.apache.james.mailrepository.cassandra.CassandraMailRepositoryModule.MODULE);
        tables.addBinding().toInstance(CassandraMailRepositoryUrlModule.MODULE);

        bind(CassandraDomainList.class).in(Scopes.SINGLETON);
        bind(AbstractDomainList.class).to(CassandraDomainList.class);
        bind(CassandraRecipientRewriteTableDAO.class).in(Scopes.SINGLETON);
        bind(CassandraMappingsSourcesDAO.class).in(Scopes.SINGLETON);
        bind(CassandraRecipientRewriteTable.class).in(Scopes.SINGLETON);
        bind(AbstractRecipientRewriteTable.class).to(CassandraRecipientRewriteTable.class);

        bind(CassandraMailRepositoryKeysDAO.class).in(Scopes.SINGLETON);
        bind(CassandraMailRepositoryMailDaoV2.class).in(Scopes.SINGLETON);
        bind(CassandraMailRepositoryUrlStore.class).in(Scopes.SINGLETON);
        bind(MailRepositoryUrlStore.class).to(CassandraMailRepositoryUrlStore.class);
        // Used only when conf/mailrepositorystore.xml declares no repository at all.
        bind(MailRepositoryStoreConfiguration.Item.class)
            .toProvider(() -> new MailRepositoryStoreConfiguration.Item(
                ImmutableList.of(new Protocol("cassandra")),
                CassandraMailRepository.class.getName(),
                new BaseHierarchicalConfiguration()));
        Multibinder<MailRepositoryFactory> repositories = Multibinder.newSetBinder(binder(), MailRepositoryFactory.class);
        repositories.addBinding().to(CassandraMailRepositoryFactory.class);
        repositories.addBinding().to(JPAMailRepositoryFactory.class);
    }
}
