package org.govmail.mailets.content;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.ParseException;

import org.govmail.mailets.content.Finding.Reason;

/**
 * Finds the parts of a message that could run on the recipient's computer: by name, by declared type,
 * by their first bytes, and inside ZIP archives. Reads the message, never changes it.
 */
public final class AttachmentInspector {
    private final AttachmentRules rules;

    public AttachmentInspector(AttachmentRules rules) {
        this.rules = rules;
    }

    public Inspection inspect(MimeMessage message) throws MessagingException {
        Walk walk = new Walk();
        walk.message(message, "");
        return new Inspection(walk.findings, walk.incomplete);
    }

    /** The state of one inspection. */
    private final class Walk {
        private final List<Finding> findings = new ArrayList<>();
        private final List<String> incomplete = new ArrayList<>();
        private final ArchiveBudget budget = new ArchiveBudget(rules);

        void message(MimeMessage message, String path) throws MessagingException {
            if (message.isMimeType("multipart/*")) {
                multipart(message, path);
            } else {
                part(message, MimeWalk.child(path, 1));
            }
        }

        private void multipart(Part container, String path) throws MessagingException {
            Optional<Object> content = content(container, path);
            if (content.isEmpty() || !(content.get() instanceof Multipart multipart)) {
                return;
            }
            int count;
            try {
                // MimeMultipart parses lazily: a broken boundary shows up here, not in getContent.
                count = multipart.getCount();
            } catch (MessagingException e) {
                incomplete.add(path + " (unparsable: " + e.getMessage() + ")");
                return;
            }
            for (int i = 0; i < count; i++) {
                part(multipart.getBodyPart(i), MimeWalk.child(path, i + 1));
            }
        }

        private void part(Part part, String path) throws MessagingException {
            if (MimeWalk.depth(path) > MimeWalk.MAX_DEPTH) {
                incomplete.add(path + " (nested too deep)");
                return;
            }
            if (part.isMimeType("multipart/*")) {
                multipart(part, path);
                return;
            }
            String fileName = FileNames.of(part).orElse("");
            String extension = FileNames.extension(fileName);
            if (!extension.isEmpty() && rules.dangerousExtension(extension)) {
                findings.add(new Finding(path, fileName, Reason.EXTENSION, extension));
            }
            String type = baseType(part);
            if (rules.dangerousContentType(type)) {
                findings.add(new Finding(path, fileName, Reason.CONTENT_TYPE, type));
            }
            if (part.isMimeType("message/rfc822")) {
                Optional<Object> nested = content(part, path);
                if (nested.isPresent() && nested.get() instanceof MimeMessage message) {
                    message(message, path);
                }
                return;
            }
            // A text body is read, not run; an attachment (anything named, anything not text) may be run.
            if (fileName.isEmpty() && part.isMimeType("text/*")) {
                return;
            }
            sniff(part, path, fileName);
        }

        private void sniff(Part part, String path, String fileName) throws MessagingException {
            try (InputStream in = part.getInputStream()) {
                byte[] head = in.readNBytes(ExecutableSignatures.HEAD_LENGTH);
                Optional<String> executable = ExecutableSignatures.detect(head, head.length);
                if (executable.isPresent()) {
                    findings.add(new Finding(path, fileName, Reason.DETECTED_CONTENT, executable.get()));
                } else if (rules.inspectArchives() && ExecutableSignatures.isZip(head, head.length)) {
                    archive(part, path, fileName);
                }
            } catch (IOException e) {
                incomplete.add(path + " (unreadable: " + e.getMessage() + ")");
            }
        }

        private void archive(Part part, String path, String fileName) throws MessagingException, IOException {
            ZipInspector zip = new ZipInspector(rules, budget);
            try (InputStream in = part.getInputStream()) {
                zip.inspect(path, fileName, in);
            } finally {
                findings.addAll(zip.findings());
                incomplete.addAll(zip.incomplete());
            }
        }

        private Optional<Object> content(Part part, String path) throws MessagingException {
            try {
                return Optional.of(part.getContent());
            } catch (IOException | MessagingException e) {
                incomplete.add(path + " (unparsable: " + e.getMessage() + ")");
                return Optional.empty();
            }
        }

        private String baseType(Part part) throws MessagingException {
            String header = part.getContentType();
            if (header == null) {
                return "";
            }
            try {
                return new ContentType(header).getBaseType().toLowerCase(Locale.ROOT);
            } catch (ParseException e) {
                // As with names: a type JavaMail cannot parse is still compared by what it starts with.
                return header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            }
        }
    }
}
