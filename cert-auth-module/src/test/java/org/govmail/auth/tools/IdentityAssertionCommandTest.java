package org.govmail.auth.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.govmail.auth.identity.DevIdentityProvider;
import org.govmail.auth.identity.IdentityProvider;
import org.govmail.auth.identity.JwsIdentityVerifier;
import org.govmail.auth.identity.PemKeys;
import org.govmail.auth.identity.VerifiedIdentity;
import org.govmail.auth.testing.InMemoryNonceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code govmail-pki identity-assertion}: what a developer pastes into the sign-up flow. */
class IdentityAssertionCommandTest {
    @TempDir
    Path folder;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new PkiCommand(Map.of(), question -> Optional.empty(),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(List.of(args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private JwsIdentityVerifier verifierTrustingTheDevelopmentProvider() throws Exception {
        IdentityProvider dev = new IdentityProvider(DevIdentityProvider.PROVIDER_ID, DevIdentityProvider.KEY_ID, IdentityProvider.METHODS,
            PemKeys.readPublicKey(Files.readString(folder.resolve(DevIdentityProvider.PUBLIC_KEY_FILE))));
        return new JwsIdentityVerifier(List.of(dev), Duration.ofMinutes(10), Duration.ofMinutes(1), new InMemoryNonceStore(),
            Clock.systemUTC());
    }

    @Test
    void printsAnAssertionTheServerAccepts() throws Exception {
        DevIdentityProvider.create(folder);
        Run run = run("identity-assertion", "--name", "김선우", "--birthdate", "1990-01-01", "--method", "ipin",
            "--valid-seconds", "300", "--identity", folder.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        VerifiedIdentity identity = verifierTrustingTheDevelopmentProvider().verify(run.out().strip());
        assertThat(identity.name()).isEqualTo("김선우");
        assertThat(identity.birthDate()).isEqualTo(LocalDate.of(1990, 1, 1));
        assertThat(identity.method()).isEqualTo("ipin");
        assertThat(identity.provider()).isEqualTo("govmail-dev");
    }

    @Test
    void eachRunHasItsOwnNonce() throws Exception {
        DevIdentityProvider.create(folder);
        String first = run("identity-assertion", "--name", "김선우", "--birthdate", "1990-01-01", "--identity", folder.toString()).out();
        String second = run("identity-assertion", "--name", "김선우", "--birthdate", "1990-01-01", "--identity", folder.toString()).out();
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void refusesBadInputAndAMissingDevelopmentProvider() throws Exception {
        Run missing = run("identity-assertion", "--name", "김선우", "--birthdate", "1990-01-01", "--identity", folder.resolve("none").toString());
        assertThat(missing.code()).isEqualTo(PkiCommand.IO_ERROR);
        assertThat(missing.err()).contains("start the server once");

        DevIdentityProvider.create(folder);
        assertThat(run("identity-assertion", "--name", "김선우", "--birthdate", "1990/01/01", "--identity", folder.toString()).code())
            .isEqualTo(PkiCommand.BAD_INPUT);
        assertThat(run("identity-assertion", "--name", "김선우", "--birthdate", "1990-01-01", "--method", "sms",
            "--identity", folder.toString()).code()).isEqualTo(PkiCommand.BAD_INPUT);
        assertThat(run("identity-assertion", "--birthdate", "1990-01-01", "--identity", folder.toString()).code())
            .isEqualTo(PkiCommand.BAD_INPUT);
    }

    @Test
    void theUsageTextListsTheSubcommand() {
        assertThat(run().err()).contains("govmail-pki identity-assertion --name NAME --birthdate YYYY-MM-DD");
    }
}
