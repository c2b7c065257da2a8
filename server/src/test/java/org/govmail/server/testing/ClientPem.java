package org.govmail.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An account's certificate and private key as the PEM files msmtp, swaks, fetchmail, mbsync and openssl
 * s_client read, converted from the account's PKCS#12 with {@code openssl pkcs12} exactly as the README tells
 * users to, so the recipe itself is under test.
 */
public record ClientPem(Path certificate, Path key) {

    /** Writes {@code <folder>/<local part>-cert.pem} and {@code -key.pem} (unencrypted key, as the clients need). */
    public static ClientPem of(TestAccount account, Path folder) throws IOException, InterruptedException {
        ExternalTool openssl = ExternalTool.require("openssl", "openssl");
        String name = account.address().substring(0, account.address().indexOf('@'));
        Path certificate = folder.resolve(name + "-cert.pem");
        Path key = folder.resolve(name + "-key.pem");
        String password = "pass:" + new String(TestAccount.PKCS12_PASSWORD);
        convert(openssl, List.of("pkcs12", "-in", account.pkcs12().toString(), "-passin", password,
            "-clcerts", "-nokeys", "-out", certificate.toString()));
        convert(openssl, List.of("pkcs12", "-in", account.pkcs12().toString(), "-passin", password,
            "-nocerts", "-nodes", "-out", key.toString()));
        return new ClientPem(certificate, key);
    }

    private static void convert(ExternalTool openssl, List<String> arguments) throws IOException, InterruptedException {
        ExternalTool.Result result = openssl.run(arguments);
        assertThat(result.exitCode()).as("openssl %s: %s", arguments, result.output()).isZero();
    }
}
