package org.govmail.auth.tools;

import java.util.Optional;

/**
 * A non-2xx answer from WebAdmin. govmail's own refusals carry {@code code}, {@code message} and
 * {@code detail}; WebAdmin's own errors (unknown path, unexpected failure) only a message.
 */
final class ServerRefusal extends Exception {
    private final int status;
    private final Optional<String> code;
    private final String detail;

    ServerRefusal(int status, Optional<String> code, String message, String detail) {
        super(message);
        this.status = status;
        this.code = code;
        this.detail = detail == null ? "" : detail;
    }

    int status() {
        return status;
    }

    Optional<String> code() {
        return code;
    }

    String detail() {
        return detail;
    }

    int exitCode() {
        return ExitCodes.forStatus(status);
    }
}
