package org.govmail.mailets.content;

import java.util.Objects;

/** What clamd said about a stream, or why it said nothing usable. */
public sealed interface ScanResult {
    record Clean() implements ScanResult {
    }

    record Infected(String signature) implements ScanResult {
        public Infected {
            Objects.requireNonNull(signature);
        }
    }

    /** No verdict: clamd down, slow, refusing the stream or answering nonsense. */
    record Unavailable(String reason) implements ScanResult {
        public Unavailable {
            Objects.requireNonNull(reason);
        }
    }
}
