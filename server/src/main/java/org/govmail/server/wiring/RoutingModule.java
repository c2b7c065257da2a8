package org.govmail.server.wiring;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.govmail.mailets.routing.RoutingConfiguration;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

/** The security routing's shared configuration ({@code conf/govmail-routing.xml}) for govmail's matchers and mailets. */
public class RoutingModule extends AbstractModule {
    @Provides
    @Singleton
    RoutingConfiguration routingConfiguration(ConfigurationProvider configurationProvider)
            throws ConfigurationException {
        return RoutingConfiguration.read(configurationProvider.getConfiguration("govmail-routing"));
    }
}
