package org.govmail.server.wiring;

import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.lib.AbstractDomainList;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.rrt.api.AliasReverseResolver;
import org.apache.james.rrt.api.CanSendFrom;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.lib.AbstractRecipientRewriteTable;
import org.apache.james.rrt.lib.AliasReverseResolverImpl;
import org.apache.james.rrt.lib.CanSendFromImpl;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Domains and recipient rewrites as James sees them, whatever stores them: the storage profile binds
 * {@link AbstractDomainList} and {@link AbstractRecipientRewriteTable}; this module exposes them and
 * configures them from {@code conf/domainlist.xml} and {@code conf/recipientrewritetable.xml} at start.
 */
public class MailDataModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(DomainList.class).to(AbstractDomainList.class);
        bind(RecipientRewriteTable.class).to(AbstractRecipientRewriteTable.class);
        bind(AliasReverseResolverImpl.class).in(Scopes.SINGLETON);
        bind(AliasReverseResolver.class).to(AliasReverseResolverImpl.class);
        bind(CanSendFromImpl.class).in(Scopes.SINGLETON);
        bind(CanSendFrom.class).to(CanSendFromImpl.class);
    }

    @ProvidesIntoSet
    InitializationOperation configureDomains(DomainListConfiguration configuration, AbstractDomainList domainList) {
        return InitilizationOperationBuilder.forClass(domainList.getClass())
            .init(() -> domainList.configure(configuration));
    }

    @ProvidesIntoSet
    InitializationOperation configureRecipientRewrites(ConfigurationProvider configurationProvider,
                                                       AbstractRecipientRewriteTable recipientRewriteTable) {
        return InitilizationOperationBuilder.forClass(recipientRewriteTable.getClass())
            .init(() -> recipientRewriteTable.configure(configurationProvider.getConfiguration("recipientrewritetable")));
    }
}
