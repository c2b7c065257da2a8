package org.govmail.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The policy for clients that are not installed: skipped on a developer's machine, a failure in CI. */
class ExternalToolTest {
    private static final String PATH = System.getenv("PATH");

    @Test
    void aMissingToolSkipsTheTestWithTheInstallCommand() {
        assertThatThrownBy(() -> ExternalTool.require(Map.of("PATH", PATH), "govmail-nothing", "govmail-no-such-client"))
            .isInstanceOf(TestAbortedException.class)
            .hasMessageContaining("govmail-no-such-client is not installed (apt-get install govmail-nothing)");
    }

    @Test
    void aMissingToolFailsTheTestWhereClientsAreRequired() {
        assertThatThrownBy(() -> ExternalTool.require(Map.of("PATH", PATH, ExternalTool.REQUIRE_VARIABLE, "1"), "govmail-nothing",
            "govmail-no-such-client"))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("apt-get install govmail-nothing");
    }

    @Test
    void theFirstNameFoundOnPathIsUsed() {
        ExternalTool shell = ExternalTool.require(Map.of("PATH", PATH, ExternalTool.REQUIRE_VARIABLE, "1"), "dash",
            "govmail-no-such-client", "sh");
        assertThat(shell.executable().getFileName()).hasToString("sh");
    }
}
