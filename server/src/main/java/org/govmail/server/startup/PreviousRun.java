package org.govmail.server.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * How the previous run of this installation ended. A clean stop removes {@code var/govmail.pid}; a
 * pid file whose process is gone (or is no longer govmail: pids get reused) means the JVM was killed
 * or the machine lost power.
 */
public record PreviousRun(boolean endedCleanly) {

    public static PreviousRun detect(ServerLayout layout) throws StartupException {
        if (!Files.exists(layout.pidFile())) {
            return new PreviousRun(true);
        }
        try {
            String text = Files.readString(layout.pidFile(), StandardCharsets.US_ASCII).trim();
            long pid = Long.parseLong(text);
            boolean govmailAlive = pid != ProcessHandle.current().pid() && ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .flatMap(process -> process.info().commandLine())
                .map(command -> command.contains("GovmailServerMain"))
                .orElse(false);
            if (govmailAlive) {
                throw new StartupException(ExitCode.ALREADY_RUNNING,
                    "govmail already runs from " + layout.root() + " (pid " + pid + "); stop it first");
            }
            return new PreviousRun(false);
        } catch (IOException | NumberFormatException e) {
            return new PreviousRun(false);
        }
    }
}
