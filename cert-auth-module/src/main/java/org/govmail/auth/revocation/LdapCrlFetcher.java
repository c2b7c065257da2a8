package org.govmail.auth.revocation;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.apache.directory.api.ldap.model.entry.Attribute;
import org.apache.directory.api.ldap.model.entry.Entry;
import org.apache.directory.api.ldap.model.entry.Value;
import org.apache.directory.api.ldap.model.exception.LdapException;
import org.apache.directory.api.ldap.model.exception.LdapURLEncodingException;
import org.apache.directory.api.ldap.model.url.LdapUrl;
import org.apache.directory.ldap.client.api.LdapConnection;
import org.apache.directory.ldap.client.api.LdapConnectionConfig;
import org.apache.directory.ldap.client.api.LdapNetworkConnection;

/**
 * CRL distribution points of the form GPKI publishes:
 * {@code ldap://host:389/cn=...,ou=GPKI,o=Government of Korea,c=KR?certificateRevocationList;binary}.
 * Anonymous read of one attribute of one entry, through the Apache Directory LDAP client (MINA).
 */
public final class LdapCrlFetcher implements CrlFetcher {
    static final String DEFAULT_ATTRIBUTE = "certificateRevocationList;binary";
    private final Duration timeout;

    public LdapCrlFetcher(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public boolean handles(URI location) {
        return "ldap".equalsIgnoreCase(location.getScheme());
    }

    @Override
    public byte[] fetch(URI location) throws IOException {
        LdapUrl url;
        try {
            url = new LdapUrl(location.toString());
        } catch (LdapURLEncodingException e) {
            throw new IOException("not an LDAP URL: " + location, e);
        }
        List<String> attributes = url.getAttributes();
        String attribute = attributes == null || attributes.isEmpty() ? DEFAULT_ATTRIBUTE : attributes.get(0);

        LdapConnectionConfig config = new LdapConnectionConfig();
        config.setLdapHost(url.getHost());
        config.setLdapPort(url.getPort() > 0 ? url.getPort() : 389);
        config.setTimeout(timeout.toMillis());
        try (LdapConnection connection = new LdapNetworkConnection(config)) {
            connection.anonymousBind();
            Entry entry = connection.lookup(url.getDn(), attribute);
            if (entry == null) {
                throw new IOException("no entry " + url.getDn() + " at " + url.getHost());
            }
            return valueOf(entry, attribute, location);
        } catch (LdapException e) {
            throw new IOException("LDAP lookup of " + location + " failed: " + e.getMessage(), e);
        }
    }

    private static byte[] valueOf(Entry entry, String attribute, URI location) throws IOException {
        String wanted = baseName(attribute);
        for (Attribute candidate : entry.getAttributes()) {
            if (baseName(candidate.getUpId()).equals(wanted)) {
                Value value = candidate.get();
                if (value != null && value.getBytes() != null && value.getBytes().length > 0) {
                    if (value.getBytes().length > MAX_CRL_SIZE) {
                        throw new IOException("CRL larger than " + MAX_CRL_SIZE + " bytes at " + location);
                    }
                    return value.getBytes();
                }
            }
        }
        throw new IOException("entry has no " + attribute + " at " + location);
    }

    private static String baseName(String attribute) {
        int options = attribute.indexOf(';');
        return (options < 0 ? attribute : attribute.substring(0, options)).toLowerCase(Locale.ROOT);
    }
}
