package org.govmail.mailets.testing;

import java.util.Iterator;
import java.util.Map;

import org.apache.mailet.MailetConfig;
import org.apache.mailet.MailetContext;

/** A mailet's name, parameters and context, as mailetcontainer.xml would give them. */
public record TestMailetConfig(String mailetName, Map<String, String> parameters, MailetContext mailetContext)
    implements MailetConfig {
    public TestMailetConfig {
        parameters = Map.copyOf(parameters);
    }

    @Override
    public String getInitParameter(String name) {
        return parameters.get(name);
    }

    @Override
    public Iterator<String> getInitParameterNames() {
        return parameters.keySet().iterator();
    }

    @Override
    public MailetContext getMailetContext() {
        return mailetContext;
    }

    @Override
    public String getMailetName() {
        return mailetName;
    }
}
