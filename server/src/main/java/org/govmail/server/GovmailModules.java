package org.govmail.server;

import java.io.InputStream;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.NaiveDelegationStoreModule;
import org.apache.james.modules.MailboxModule;
import org.apache.james.modules.MailetProcessingModule;
import org.apache.james.modules.mailbox.DefaultEventModule;
import org.apache.james.modules.mailbox.MemoryDeadLetterModule;
import org.apache.james.modules.protocols.IMAPServerModule;
import org.apache.james.modules.protocols.LMTPServerModule;
import org.apache.james.modules.protocols.ManageSieveServerModule;
import org.apache.james.modules.protocols.POP3ServerModule;
import org.apache.james.modules.protocols.ProtocolHandlerModule;
import org.apache.james.modules.protocols.SMTPServerModule;
import org.apache.james.modules.server.DataRoutesModules;
import org.apache.james.modules.server.InconsistencyQuotasSolvingRoutesModule;
import org.apache.james.modules.server.JMXServerModule;
import org.apache.james.modules.server.MailQueueRoutesModule;
import org.apache.james.modules.server.MailRepositoriesRoutesModule;
import org.apache.james.modules.server.MailboxRoutesModule;
import org.apache.james.modules.server.MailetContainerModule;
import org.apache.james.modules.server.NoJwtModule;
import org.apache.james.modules.server.RawPostDequeueDecoratorModule;
import org.apache.james.modules.server.ReIndexingModule;
import org.apache.james.modules.server.SieveRoutesModule;
import org.apache.james.modules.server.TaskManagerModule;
import org.apache.james.modules.server.WebAdminReIndexingTaskSerializationModule;
import org.apache.james.modules.server.WebAdminServerModule;
import org.apache.james.server.core.configuration.FileConfigurationProvider;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.govmail.server.startup.AdminSecret;
import org.govmail.server.startup.PreviousRun;
import org.govmail.server.webadmin.AdminAuthFilter;
import org.govmail.server.wiring.CertAuthModule;
import org.govmail.server.wiring.GateProtocolServersModule;
import org.govmail.server.wiring.IdentityModule;
import org.govmail.server.wiring.RoutingModule;
import org.govmail.server.wiring.TokenModule;
import org.govmail.server.wiring.JpaMailboxModule;
import org.govmail.server.wiring.JpaStorageModule;
import org.govmail.server.wiring.LuceneSearchModule;
import org.govmail.server.wiring.MailArchiveModule;
import org.govmail.server.wiring.PersistentQueueModule;
import org.govmail.server.wiring.JpaMailDataModule;
import org.govmail.server.wiring.StorageProfile;
import org.govmail.server.wiring.distributed.DistributedModules;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.util.Modules;

/**
 * The whole server as Guice modules, in four groups: protocols, admin interfaces, storage, and the
 * mail processing core. Later features (the certificate gate, sign-up, routing) add their own module
 * to {@link #overrides} or {@link #all} instead of editing James.
 */
public final class GovmailModules {
    /** Processors used when conf/mailetcontainer.xml has none: the shipped conf/mailetcontainer.xml, packaged. */
    static final String DEFAULT_MAILET_CONTAINER = "govmail-defaults/mailetcontainer.xml";

    private GovmailModules() {
    }

    static Module protocols() {
        return Modules.combine(
            new ProtocolHandlerModule(),
            new SMTPServerModule(),
            new IMAPServerModule(),
            new POP3ServerModule(),
            new LMTPServerModule(),
            new ManageSieveServerModule());
    }

    static Module administration(StorageProfile profile) {
        Module common = Modules.combine(
            new WebAdminServerModule(),
            new NoJwtModule(),
            new DataRoutesModules(),
            new MailboxRoutesModule(),
            new InconsistencyQuotasSolvingRoutesModule(),
            new MailQueueRoutesModule(),
            new MailRepositoriesRoutesModule(),
            new SieveRoutesModule(),
            new JMXServerModule());
        return switch (profile) {
            // Rebuilding the Lucene index; the distributed profile searches without an index.
            case EMBEDDED -> Modules.combine(common, new ReIndexingModule(), new WebAdminReIndexingTaskSerializationModule());
            case DISTRIBUTED -> common;
        };
    }

    static Module storage(StorageProfile profile) {
        return switch (profile) {
            case EMBEDDED -> Modules.combine(
                new JpaStorageModule(),
                new JpaMailDataModule(),
                new JpaMailboxModule(),
                new LuceneSearchModule(),
                new PersistentQueueModule(),
                new MailArchiveModule());
            case DISTRIBUTED -> Modules.combine(
                new JpaStorageModule(),
                DistributedModules.storage(),
                new MailArchiveModule());
        };
    }

    static Module core() {
        return Modules.combine(
            new MailetProcessingModule(),
            new MailboxModule(),
            new DefaultEventModule(),
            new MemoryDeadLetterModule(),
            new NaiveDelegationStoreModule(),
            new RawPostDequeueDecoratorModule(),
            new TaskManagerModule(),
            new DefaultProcessorsModule());
    }

    static Module all(StorageProfile profile) {
        Module core = switch (profile) {
            case EMBEDDED -> core();
            // James' in-VM event bus would keep mailbox events (IMAP IDLE, quota, message deletion) on one node.
            case DISTRIBUTED -> Modules.override(core()).with(DistributedModules.eventBus());
        };
        return Modules.combine(protocols(), administration(profile), storage(profile), core, new CertAuthModule(), new IdentityModule(), new TokenModule(), new RoutingModule());
    }

    /** Bindings that replace James' own choices. */
    static Module overrides(AdminSecret adminSecret, PreviousRun previousRun) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(AdminSecret.class).toInstance(adminSecret);
                bind(PreviousRun.class).toInstance(previousRun);
                bind(AuthenticationFilter.class).to(AdminAuthFilter.class);
                install(new GateProtocolServersModule());
            }
        };
    }

    private static final class DefaultProcessorsModule extends AbstractModule {
        @Override
        protected void configure() {
            bind(MailetContainerModule.DefaultProcessorsConfigurationSupplier.class).toInstance(() -> {
                try (InputStream in = GovmailModules.class.getClassLoader().getResourceAsStream(DEFAULT_MAILET_CONTAINER)) {
                    if (in == null) {
                        throw new IllegalStateException(DEFAULT_MAILET_CONTAINER + " missing from the server jar");
                    }
                    return FileConfigurationProvider.getConfig(in).configurationAt("processors");
                } catch (ConfigurationException | java.io.IOException e) {
                    throw new IllegalStateException("Cannot read " + DEFAULT_MAILET_CONTAINER, e);
                }
            });
        }
    }
}
