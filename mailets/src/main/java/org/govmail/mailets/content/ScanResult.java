package org.govmail.mailets.content;

/** What clamd said about a message. */
public sealed interface ScanResult {
    record Clean() implements ScanResult {
    }

    record Infected(String signature) implements ScanResult {
    }

    /** The scanner could not judge: not running, timed out, answered an error, or the message was too big for it. */
    record Unavailable(String reason) implements ScanResult {
    }
}
