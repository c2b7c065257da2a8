package org.govmail.server.startup;

/** Exit codes of the server process, documented in the README so scripts and people can act on them. */
public enum ExitCode {
    /** Another server runs from the same installation folder. */
    ALREADY_RUNNING(1),
    /** Configuration missing or invalid. */
    CONFIGURATION(2),
    /** A configured port is already taken by another process. */
    PORT_IN_USE(3),
    /** Files under var/ could not be created (permissions, disk). */
    DATA_FOLDER(4),
    /** James failed while starting (details in the log). */
    START_FAILED(5);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
