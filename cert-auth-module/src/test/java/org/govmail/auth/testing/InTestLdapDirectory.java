package org.govmail.auth.testing;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;

/**
 * A real LDAP server on 127.0.0.1 (UnboundID's in-memory directory) publishing CRLs the way GPKI's
 * directory does: in the {@code certificateRevocationList;binary} attribute of the CA's entry.
 */
public final class InTestLdapDirectory implements AutoCloseable {
    public static final String CRL_ATTRIBUTE = "certificateRevocationList;binary";
    private final InMemoryDirectoryServer server;

    private InTestLdapDirectory(InMemoryDirectoryServer server) {
        this.server = server;
    }

    /** A directory holding everything under {@code c=KR}. */
    public static InTestLdapDirectory start() throws LDAPException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("c=KR");
        config.setSchema(null); // CRL attributes with options, without loading a PKI schema
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        server.startListening();
        server.add(new Entry("c=KR", new Attribute("objectClass", "top", "country"), new Attribute("c", "KR")));
        return new InTestLdapDirectory(server);
    }

    public int port() {
        return server.getListenPort();
    }

    /** Publishes (or replaces) the CRL in the entry named by its issuer, creating missing entries. */
    public URI publish(X509CRL crl) throws LDAPException, CRLException {
        return publish(crl.getIssuerX500Principal().getName(), crl);
    }

    /** Publishes (or replaces) the CRL in entry {@code dn}, e.g. a partitioned CRL's own entry. */
    public URI publish(String dn, X509CRL crl) throws LDAPException, CRLException {
        ensureEntry(new DN(dn));
        server.modify(dn, new Modification(ModificationType.REPLACE, CRL_ATTRIBUTE, crl.getEncoded()));
        return distributionPoint(dn);
    }

    /** Removes the CRL from entry {@code dn}, as a broken directory would serve it. */
    public void withdraw(String dn) throws LDAPException {
        server.modify(dn, new Modification(ModificationType.DELETE, CRL_ATTRIBUTE));
    }

    /** The distribution point URL of the entry {@code dn}, as a GPKI certificate writes it. */
    public URI distributionPoint(String dn) {
        String path = URLEncoder.encode(dn, StandardCharsets.UTF_8).replace("+", "%20").replace("%2C", ",").replace("%3D", "=");
        return URI.create("ldap://127.0.0.1:" + port() + "/" + path + "?" + CRL_ATTRIBUTE);
    }

    private void ensureEntry(DN dn) throws LDAPException {
        if (dn.isNullDN() || server.getEntry(dn.toString()) != null) {
            return;
        }
        ensureEntry(dn.getParent());
        RDN rdn = dn.getRDN();
        server.add(new Entry(dn, new Attribute("objectClass", "top", "pkiCA"),
            new Attribute(rdn.getAttributeNames()[0], rdn.getAttributeValues()[0])));
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
