package org.govmail.auth.tools;

/**
 * {@code scripts/govmail-admin}'s exit codes, so scripts can tell "the server said no" (fix the request)
 * from "the server could not be asked" (retry later, or start it).
 */
final class ExitCodes {
    static final int OK = 0;
    /** The server refused the request (4xx): the reason code, message and detail are on stderr. */
    static final int REFUSED = 1;
    /** The command line is wrong, or a local input (file, credentials) is missing. */
    static final int USAGE = 2;
    /** The server cannot be reached, or failed (5xx, a cut-off download). */
    static final int UNAVAILABLE = 3;

    private ExitCodes() {
    }

    /** The exit code an HTTP answer means. */
    static int forStatus(int status) {
        if (status >= 200 && status < 300) {
            return OK;
        }
        if (status >= 400 && status < 500) {
            return REFUSED;
        }
        // 5xx, and anything WebAdmin should never answer (1xx, 3xx).
        return UNAVAILABLE;
    }
}
