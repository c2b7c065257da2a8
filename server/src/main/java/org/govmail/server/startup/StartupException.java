package org.govmail.server.startup;

/** A reason the server cannot start that a person can act on; the message says what to do. */
public class StartupException extends Exception {
    private final ExitCode exitCode;

    public StartupException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public StartupException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
