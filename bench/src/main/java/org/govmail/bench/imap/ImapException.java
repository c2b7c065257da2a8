package org.govmail.bench.imap;

import java.io.IOException;

/**
 * The server answered a command with NO or BAD. The connection is still usable: the load generator
 * counts the error and carries on, unlike a broken connection (a plain {@link IOException}).
 */
public final class ImapException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String command;
    private final String status;
    private final String serverText;

    public ImapException(String command, String status, String serverText) {
        super(command + ": " + status + " " + serverText);
        this.command = command;
        this.status = status;
        this.serverText = serverText;
    }

    /** The command's name only (never its arguments: a LOGIN's would carry the password). */
    public String command() {
        return command;
    }

    /** NO or BAD. */
    public String status() {
        return status;
    }

    /** The rest of the tagged line, response code included, as the server sent it. */
    public String serverText() {
        return serverText;
    }
}
