package org.govmail.mailets.content;

/**
 * What is left of one message's archive limits. Mutable, so it lives for one inspection only.
 */
final class ArchiveBudget {
    private int entries;
    private long bytes;

    ArchiveBudget(AttachmentRules rules) {
        this.entries = rules.maxArchiveEntries();
        this.bytes = rules.maxArchiveBytes();
    }

    boolean takeEntry() {
        return entries-- > 0;
    }

    /** @return false once more bytes were read than the budget allows */
    boolean takeBytes(long count) {
        bytes -= count;
        return bytes >= 0;
    }
}
