package org.govmail.server.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A program from the Debian archive (curl, msmtp, swaks, fetchmail, mbsync, openssl, testssl) that a test
 * drives as a user would, unmodified, through its command line and files.
 *
 * <p>Policy: on a developer's machine a missing tool skips the test with a note; where
 * {@code GOVMAIL_REQUIRE_CLIENTS=1} (set by {@code .ci/run}, which installs them all) a missing tool fails it,
 * so CI can never go green by skipping the clients it promises to test.
 */
public final class ExternalTool {
    public static final String REQUIRE_VARIABLE = "GOVMAIL_REQUIRE_CLIENTS";
    /** Longest any single client run may take; a hung client fails the test instead of hanging the build. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Path executable;

    private ExternalTool(Path executable) {
        this.executable = executable;
    }

    /** The output (stdout and stderr together, in order) and exit code of one run. */
    public record Result(int exitCode, String output) {
    }

    /**
     * The first of {@code names} found on PATH; skips or fails the calling test (see the class comment) when
     * none is there. {@code debianPackage} goes into the message, so the fix is one copy-paste.
     */
    public static ExternalTool require(String debianPackage, String... names) {
        return require(System.getenv(), debianPackage, names);
    }

    /** {@link #require(String, String...)} in a given environment (PATH and the policy variable). */
    static ExternalTool require(Map<String, String> environment, String debianPackage, String... names) {
        Optional<Path> found = find(environment.getOrDefault("PATH", ""), names);
        if (found.isPresent()) {
            return new ExternalTool(found.get());
        }
        String message = String.join(" / ", names) + " is not installed (apt-get install " + debianPackage + ")";
        if ("1".equals(environment.get(REQUIRE_VARIABLE))) {
            throw new AssertionError(message + ", and " + REQUIRE_VARIABLE + "=1 requires every client");
        }
        Assumptions.abort(message + "; set " + REQUIRE_VARIABLE + "=1 to make this a failure");
        throw new IllegalStateException("unreachable");
    }

    private static Optional<Path> find(String path, String... names) {
        for (String name : names) {
            for (String folder : path.split(File.pathSeparator)) {
                Path candidate = Path.of(folder.isEmpty() ? "." : folder, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    public Path executable() {
        return executable;
    }

    /** Runs the tool with no input. */
    public Result run(List<String> arguments) throws IOException, InterruptedException {
        return run(arguments, Map.of(), null, DEFAULT_TIMEOUT);
    }

    /**
     * Runs the tool with extra environment (e.g. {@code HOME} pointing into the test's folder, so no dotfile of
     * the machine is read or written) and {@code input} on stdin (null: none), killing it after {@code timeout}.
     */
    public Result run(List<String> arguments, Map<String, String> environment, byte[] input, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(arguments)).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        try (var stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input);
            }
        } catch (IOException e) {
            // the tool exited before reading its input; its output says why
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(executable.getFileName() + " did not finish within " + timeout + "; output so far:\n"
                + output.completeOnTimeout("(none)", 5, TimeUnit.SECONDS).join());
        }
        return new Result(process.exitValue(), output.join());
    }

    /** The command line as a list, for tools that a test must drive interactively (see {@link OpensslSession}). */
    public List<String> command(List<String> arguments) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(executable.toString()), arguments.stream()).toList();
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
