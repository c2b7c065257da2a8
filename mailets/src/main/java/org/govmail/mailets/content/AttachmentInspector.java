package org.govmail.mailets.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeUtility;
import javax.mail.internet.ParseException;

/**
 * Finds the dangerous parts of a message under {@link AttachmentRules}: by file name, by declared type,
 * by what the content really is, and inside zip archives (entry names and first bytes, one nested zip
 * deep, within an entry count and a byte budget so that a zip bomb costs nothing). Text bodies without
 * a file name are only checked for real executables, so a pasted script in a mail body is not a finding.
 */
public final class AttachmentInspector {
    private static final int HEAD = 8;
    private static final int MAX_ZIP_DEPTH = 2;

    private final AttachmentRules rules;

    public AttachmentInspector(AttachmentRules rules) {
        this.rules = rules;
    }

    public List<AttachmentFinding> inspect(Part message) throws MessagingException, IOException {
        List<AttachmentFinding> findings = new ArrayList<>();
        walk(message, "1", findings);
        return List.copyOf(findings);
    }

    private void walk(Part part, String path, List<AttachmentFinding> findings) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                walk(multipart.getBodyPart(i), path + "." + (i + 1), findings);
            }
            return;
        }
        if (part.isMimeType("message/rfc822") && part.getContent() instanceof Part inner) {
            walk(inner, path + ".1", findings);
            return;
        }
        leaf(part, path).ifPresent(findings::add);
    }

    private Optional<AttachmentFinding> leaf(Part part, String path) throws MessagingException, IOException {
        Optional<String> name = fileName(part);
        String shown = name.orElse("-");
        if (name.isPresent() && rules.dangerousName(name.get())) {
            return Optional.of(new AttachmentFinding(path, shown, AttachmentFinding.Reason.EXTENSION, ""));
        }
        String type = baseType(part);
        if (rules.dangerousType(type)) {
            return Optional.of(new AttachmentFinding(path, shown, AttachmentFinding.Reason.CONTENT_TYPE, type));
        }
        boolean attachment = name.isPresent() || !type.startsWith("text/");
        if (!attachment) {
            return Optional.empty();
        }
        try (InputStream content = part.getInputStream()) {
            byte[] head = content.readNBytes(HEAD);
            Optional<String> executable = ContentSniffer.executable(head, head.length);
            if (executable.isPresent()) {
                return Optional.of(new AttachmentFinding(path, shown, AttachmentFinding.Reason.DETECTED_CONTENT, executable.get()));
            }
            if (rules.inspectArchives() && ContentSniffer.zip(head, head.length)) {
                try (InputStream whole = part.getInputStream()) {
                    return archive(whole, path, shown, 1, new long[] {rules.maxArchiveBytes()});
                }
            }
        } catch (IOException e) {
            // undecodable content (bad base64, say) is not an executable we can name; the part stays
        }
        return Optional.empty();
    }

    private Optional<AttachmentFinding> archive(InputStream data, String path, String archive, int depth, long[] budget) throws IOException {
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(data)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (++entries > rules.maxArchiveEntries()) {
                    return uninspectable(path, archive, "more than " + rules.maxArchiveEntries() + " entries");
                }
                String entryName = entry.getName();
                if (rules.dangerousName(entryName)) {
                    return Optional.of(new AttachmentFinding(path, archive, AttachmentFinding.Reason.ARCHIVE_ENTRY, entryName));
                }
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] head;
                try {
                    head = zip.readNBytes(HEAD);
                } catch (ZipException e) {
                    if (rules.encryptedArchivesDangerous()) {
                        return Optional.of(new AttachmentFinding(path, archive, AttachmentFinding.Reason.ENCRYPTED_ARCHIVE, entryName));
                    }
                    return Optional.empty();
                }
                Optional<String> executable = ContentSniffer.executable(head, head.length);
                if (executable.isPresent()) {
                    return Optional.of(new AttachmentFinding(path, archive, AttachmentFinding.Reason.ARCHIVE_ENTRY,
                        entryName + " " + executable.get()));
                }
                if (ContentSniffer.zip(head, head.length) && depth < MAX_ZIP_DEPTH) {
                    Optional<AttachmentFinding> nested = archive(new java.io.SequenceInputStream(
                        new java.io.ByteArrayInputStream(head), new Budgeted(zip, budget)), path, archive, depth + 1, budget);
                    if (nested.isPresent()) {
                        return nested;
                    }
                    continue;
                }
                budget[0] -= head.length;
                if (!drain(zip, budget)) {
                    return uninspectable(path, archive, "expands beyond " + rules.maxArchiveBytes() + " bytes");
                }
            }
        } catch (ZipException e) {
            return uninspectable(path, archive, "unreadable zip: " + e.getMessage());
        }
        return Optional.empty();
    }

    private Optional<AttachmentFinding> uninspectable(String path, String archive, String why) {
        return rules.encryptedArchivesDangerous()
            ? Optional.of(new AttachmentFinding(path, archive, AttachmentFinding.Reason.UNINSPECTABLE_ARCHIVE, why))
            : Optional.empty();
    }

    /** Reads the rest of an entry within the budget; false when the budget ran out first. */
    private static boolean drain(InputStream entry, long[] budget) throws IOException {
        byte[] buffer = new byte[8192];
        int read;
        while ((read = entry.read(buffer)) > 0) {
            budget[0] -= read;
            if (budget[0] < 0) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> fileName(Part part) throws MessagingException {
        String name;
        try {
            name = part.getFileName();
        } catch (MessagingException e) {
            return Optional.empty();
        }
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        if (name.contains("=?")) {
            try {
                name = MimeUtility.decodeText(name);
            } catch (UnsupportedEncodingException e) {
                // keep the raw name: its extension is still readable
            }
        }
        return Optional.of(name.strip());
    }

    private static String baseType(Part part) throws MessagingException {
        try {
            return new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (ParseException | NullPointerException e) {
            return "application/octet-stream";
        }
    }

    /** An entry's stream counted against the archive's byte budget (for nested archives). */
    private static final class Budgeted extends java.io.FilterInputStream {
        private final long[] budget;

        Budgeted(InputStream in, long[] budget) {
            super(in);
            this.budget = budget;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && --budget[0] < 0) {
                throw new ZipException("budget exhausted");
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                budget[0] -= read;
                if (budget[0] < 0) {
                    throw new ZipException("budget exhausted");
                }
            }
            return read;
        }

        @Override
        public void close() {
            // the outer archive owns the stream
        }
    }
}
