package org.govmail.server.testing;

import java.nio.file.Path;

import org.govmail.auth.devpki.PkiBuilder.Issued;

/** An account provisioned on a test server, with its certificate and the PKCS#12 a mail client imports. */
public record TestAccount(String address, String name, String password, Issued issued, Path pkcs12) {
    public static final char[] PKCS12_PASSWORD = "test-p12".toCharArray();
}
