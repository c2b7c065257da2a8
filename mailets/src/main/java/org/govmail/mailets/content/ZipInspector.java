package org.govmail.mailets.content;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import org.govmail.mailets.content.Finding.Reason;

/**
 * Looks inside a ZIP archive as a stream: entry names against the extensions, the first bytes of each
 * entry against the executable signatures, archives in archives a few levels down. Every entry is read
 * through the budget (never skipped by {@link ZipInputStream}, whose skipping would inflate a bomb
 * unmetered), so the cost of an archive is bounded whatever it claims.
 */
final class ZipInspector {
    private static final int MAX_DEPTH = 3;

    private final AttachmentRules rules;
    private final ArchiveBudget budget;
    private final List<Finding> findings = new ArrayList<>();
    private final List<String> incomplete = new ArrayList<>();

    ZipInspector(AttachmentRules rules, ArchiveBudget budget) {
        this.rules = rules;
        this.budget = budget;
    }

    List<Finding> findings() {
        return List.copyOf(findings);
    }

    List<String> incomplete() {
        return List.copyOf(incomplete);
    }

    void inspect(String partPath, String fileName, InputStream archive) throws IOException {
        inspect(partPath, fileName, "", archive, 1);
    }

    private void inspect(String partPath, String fileName, String prefix, InputStream archive, int depth) throws IOException {
        NamingZipInputStream zip = new NamingZipInputStream(archive);
        while (true) {
            ZipEntry entry;
            try {
                entry = zip.getNextEntry();
            } catch (ZipException e) {
                encryptedOrBroken(partPath, fileName, prefix, zip.lastName(), e);
                return;
            }
            if (entry == null) {
                return;
            }
            if (!budget.takeEntry()) {
                incomplete.add(partPath + " (archive entry limit)");
                return;
            }
            String name = prefix + entry.getName();
            if (!entry.isDirectory() && rules.dangerousExtension(FileNames.extension(entry.getName()))) {
                findings.add(new Finding(partPath, fileName, Reason.ARCHIVE_ENTRY, name));
            }
            if (!readEntry(partPath, fileName, name, zip, depth)) {
                return;
            }
        }
    }

    /** @return false when the budget ran out and the archive must not be read further */
    private boolean readEntry(String partPath, String fileName, String name, ZipInputStream zip, int depth) throws IOException {
        Metered entry = new Metered(zip);
        byte[] head = entry.readNBytes(ExecutableSignatures.HEAD_LENGTH);
        Optional<String> executable = ExecutableSignatures.detect(head, head.length);
        if (executable.isPresent()) {
            findings.add(new Finding(partPath, fileName, Reason.ARCHIVE_ENTRY, name + " (" + executable.get() + ")"));
        } else if (ExecutableSignatures.isZip(head, head.length) && depth < MAX_DEPTH) {
            inspect(partPath, fileName, name + "/", new SequenceInputStream(
                new ByteArrayInputStream(head), entry), depth + 1);
        }
        entry.transferTo(OutputStream.nullOutputStream());
        if (entry.exhausted()) {
            incomplete.add(partPath + " (archive byte limit)");
            return false;
        }
        return true;
    }

    private void encryptedOrBroken(String partPath, String fileName, String prefix, Optional<String> entryName, ZipException e) {
        // ZipInputStream refuses encrypted entries after reading their (unencrypted) name; nothing else
        // tells the two apart than its message.
        boolean encrypted = String.valueOf(e.getMessage()).contains("encrypted") && entryName.isPresent();
        if (!encrypted) {
            incomplete.add(partPath + " (unreadable archive: " + e.getMessage() + ")");
            return;
        }
        String name = prefix + entryName.get();
        if (rules.dangerousExtension(FileNames.extension(name))) {
            findings.add(new Finding(partPath, fileName, Reason.ARCHIVE_ENTRY, name));
        }
        if (rules.encryptedArchivesDangerous()) {
            findings.add(new Finding(partPath, fileName, Reason.ENCRYPTED_ARCHIVE, name));
        }
    }

    /** Remembers the name of the entry being opened, which ZipInputStream does not give when it refuses one. */
    private static final class NamingZipInputStream extends ZipInputStream {
        private String lastName;

        NamingZipInputStream(InputStream in) {
            super(in);
        }

        @Override
        protected ZipEntry createZipEntry(String name) {
            lastName = name;
            return super.createZipEntry(name);
        }

        Optional<String> lastName() {
            return Optional.ofNullable(lastName);
        }
    }

    /** One entry's bytes, counted against the budget; reads end early when it runs out. */
    private final class Metered extends InputStream {
        private final InputStream in;
        private boolean exhausted;

        Metered(InputStream in) {
            this.in = in;
        }

        boolean exhausted() {
            return exhausted;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (exhausted) {
                return -1;
            }
            int count = in.read(buffer, offset, length);
            if (count > 0 && !budget.takeBytes(count)) {
                exhausted = true;
            }
            return count;
        }
    }
}
