package org.govmail.auth.tools;

/** The command line cannot be carried out as written; exit code {@link ExitCodes#USAGE}. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
