package org.govmail.mailets.content;

import java.util.List;

/**
 * What the inspector found.
 *
 * @param incomplete parts that could not be read to the end (an archive over the limits, a broken
 *                   encoding), each with why: worth a log line, not a verdict on its own
 */
public record Inspection(List<Finding> findings, List<String> incomplete) {
    public Inspection {
        findings = List.copyOf(findings);
        incomplete = incomplete.stream().distinct().toList();
    }

    public boolean dangerous() {
        return !findings.isEmpty();
    }
}
