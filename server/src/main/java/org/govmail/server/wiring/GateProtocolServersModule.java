package org.govmail.server.wiring;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imapserver.netty.IMAPServer;
import org.apache.james.imapserver.netty.IMAPServerFactory;
import org.apache.james.managesieve.core.CoreProcessor;
import org.apache.james.managesieve.jsieve.Parser;
import org.apache.james.managesieve.transcode.ArgumentParser;
import org.apache.james.managesieve.transcode.ManageSieveProcessor;
import org.apache.james.managesieveserver.netty.ManageSieveServer;
import org.apache.james.managesieveserver.netty.ManageSieveServerFactory;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.pop3server.netty.POP3Server;
import org.apache.james.pop3server.netty.POP3ServerFactory;
import org.apache.james.protocols.lib.handler.ProtocolHandlerLoader;
import org.apache.james.protocols.lib.netty.AbstractConfigurableAsyncServer;
import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.sieverepository.api.SieveRepository;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.apache.james.user.api.UsersRepository;
import org.govmail.auth.gate.LoginGate;
import org.govmail.auth.lifecycle.LiveSessions;
import org.govmail.auth.sieve.GateManageSieveHandler;
import org.govmail.auth.sieve.GateManageSieveProcessor;
import org.govmail.auth.tls.GateTls;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;

import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * James' IMAP, SMTP, POP3 and ManageSieve servers with govmail's TLS set-up ({@link GateTls}): a client
 * certificate is requested where {@code <clientAuth/>} is configured and judged by the login gate.
 * Besides the SSL context, each session learns its connection ({@link SessionBindingPipeline}, or
 * {@link GateManageSieveHandler} for ManageSieve) so that closing an account can end its sessions;
 * everything else is James' own server.
 */
public class GateProtocolServersModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(SMTPServerFactory.class).to(GateSmtpServerFactory.class);
        bind(GateSmtpServerFactory.class).in(Scopes.SINGLETON);
        bind(POP3ServerFactory.class).to(GatePop3ServerFactory.class);
        bind(GatePop3ServerFactory.class).in(Scopes.SINGLETON);
        bind(ManageSieveServerFactory.class).to(GateManageSieveServerFactory.class);
        bind(GateManageSieveServerFactory.class).in(Scopes.SINGLETON);
    }

    @Provides
    @Singleton
    IMAPServerFactory imapServerFactory(FileSystem fileSystem, Provider<ImapDecoder> decoder, Provider<ImapEncoder> encoder,
                                        Provider<ImapProcessor> processor, MetricFactory metricFactory, GaugeRegistry gaugeRegistry) {
        return new IMAPServerFactory(fileSystem, decoder, encoder, processor, metricFactory, gaugeRegistry) {
            @Override
            protected IMAPServer createServer() {
                GateTls tls = new GateTls(fileSystem);
                return new IMAPServer(decoder.get(), encoder.get(), processor.get(), imapMetrics, gaugeRegistry) {
                    @Override
                    public void doConfigure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
                        super.doConfigure(configuration);
                        tls.configure(configuration);
                    }

                    @Override
                    protected void buildSSLContext() throws Exception {
                        encryption = tls.build();
                    }

                    @Override
                    protected AbstractChannelPipelineFactory createPipelineFactory() {
                        return new SessionBindingPipeline(super.createPipelineFactory());
                    }
                };
            }
        };
    }

    static class GateSmtpServerFactory extends SMTPServerFactory {
        @Inject
        GateSmtpServerFactory(DNSService dns, ProtocolHandlerLoader loader, FileSystem fileSystem, MetricFactory metricFactory) {
            super(dns, loader, fileSystem, metricFactory);
        }

        @Override
        protected SMTPServer createServer() {
            GateTls tls = new GateTls(fileSystem);
            return new SMTPServer(smtpMetrics) {
                @Override
                public void doConfigure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
                    super.doConfigure(configuration);
                    tls.configure(configuration);
                }

                @Override
                protected void buildSSLContext() throws Exception {
                    encryption = tls.build();
                }

                @Override
                protected AbstractChannelPipelineFactory createPipelineFactory() {
                    return new SessionBindingPipeline(super.createPipelineFactory());
                }
            };
        }
    }

    static class GatePop3ServerFactory extends POP3ServerFactory {
        private final FileSystem gateFileSystem;

        @Inject
        GatePop3ServerFactory(FileSystem fileSystem) {
            this.gateFileSystem = fileSystem;
        }

        @Override
        protected POP3Server createServer() {
            GateTls tls = new GateTls(gateFileSystem);
            return new POP3Server() {
                @Override
                public void doConfigure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
                    super.doConfigure(configuration);
                    tls.configure(configuration);
                }

                @Override
                protected void buildSSLContext() throws Exception {
                    encryption = tls.build();
                }

                @Override
                protected AbstractChannelPipelineFactory createPipelineFactory() {
                    return new SessionBindingPipeline(super.createPipelineFactory());
                }
            };
        }
    }

    /**
     * ManageSieve whose AUTHENTICATE goes through the gate ({@link GateManageSieveProcessor}) and whose
     * sessions know their client certificate ({@link GateManageSieveHandler}).
     */
    static class GateManageSieveServerFactory extends ManageSieveServerFactory {
        /** James' default line limit for ManageSieve. */
        private static final int MAX_LINE_LENGTH = 8000;
        private final FileSystem gateFileSystem;
        private final ManageSieveProcessor processor;

        @Inject
        GateManageSieveServerFactory(FileSystem fileSystem, SieveRepository sieveRepository, UsersRepository usersRepository,
                                     Parser parser, LoginGate gate, LiveSessions liveSessions) {
            this.gateFileSystem = fileSystem;
            this.processor = new GateManageSieveProcessor(
                new ArgumentParser(new CoreProcessor(sieveRepository, usersRepository, parser)), gate, liveSessions);
        }

        @Override
        protected List<AbstractConfigurableAsyncServer> createServers(HierarchicalConfiguration<ImmutableNode> config)
                throws Exception {
            List<AbstractConfigurableAsyncServer> servers = new ArrayList<>();
            for (HierarchicalConfiguration<ImmutableNode> serverConfig : config.configurationsAt("managesieveserver")) {
                GateTls tls = new GateTls(gateFileSystem);
                ManageSieveServer server = new ManageSieveServer(MAX_LINE_LENGTH, processor) {
                    @Override
                    protected void doConfigure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
                        super.doConfigure(configuration);
                        tls.configure(configuration);
                    }

                    @Override
                    protected void buildSSLContext() throws Exception {
                        encryption = tls.build();
                    }

                    @Override
                    protected ChannelInboundHandlerAdapter createCoreHandler() {
                        return new GateManageSieveHandler(processor, getEncryption(), MAX_LINE_LENGTH);
                    }
                };
                server.setFileSystem(gateFileSystem);
                server.configure(serverConfig);
                servers.add(server);
            }
            return servers;
        }
    }
}
