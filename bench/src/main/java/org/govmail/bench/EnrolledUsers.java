package org.govmail.bench;

import java.util.HashMap;
import java.util.Map;

import org.govmail.bench.load.ClientTls;
import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.TestAccount;

/** The bench users enrolled on a govmail service, each with the client TLS material of their certificate. */
final class EnrolledUsers {
    private final Map<String, ClientTls> tls;

    private EnrolledUsers(Map<String, ClientTls> tls) {
        this.tls = Map.copyOf(tls);
    }

    /** Enrolls every user (address → name on the certificate) through {@code server}. */
    static EnrolledUsers enroll(GovmailProcess server, Map<String, String> users, String password) throws Exception {
        Map<String, ClientTls> tls = new HashMap<>();
        for (Map.Entry<String, String> user : users.entrySet()) {
            TestAccount account = server.enroll(user.getKey(), user.getValue(), password);
            tls.put(user.getKey(), new ClientTls(account.pkcs12(), TestAccount.PKCS12_PASSWORD, server.devCaCertificate()));
        }
        return new EnrolledUsers(tls);
    }

    ClientTls tls(String address) {
        ClientTls factory = tls.get(address);
        if (factory == null) {
            throw new IllegalArgumentException("no bench user " + address);
        }
        return factory;
    }
}
