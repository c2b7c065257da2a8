package org.govmail.mailets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.govmail.auth.i18n.Texts;
import org.govmail.mailets.content.AttachmentFinding;
import org.govmail.mailets.content.AttachmentInspector;
import org.govmail.mailets.content.AttachmentRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dangerous attachments in mail from outside (executables and scripts, by name, declared type, content
 * and inside zip archives): {@code quarantine} holds the whole mail (the recipients are told by the
 * quarantine processor), {@code remove} replaces each dangerous part with a bilingual notice and lets the
 * rest through, marked {@code X-Govmail-Attachments-Removed}.
 *
 * <p>Parameters: {@code extensions}, {@code contentTypes} (comma lists; replace the defaults of
 * {@link AttachmentRules}), {@code inspectArchives} (true), {@code encryptedArchives} ({@code dangerous}
 * | {@code allow}: archives that cannot be inspected), {@code maxArchiveEntries} (1000),
 * {@code action} ({@code quarantine} | {@code remove}; quarantine), {@code quarantineProcessor} (quarantine).
 */
public final class DangerousAttachments extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger("org.govmail.routing");

    private final Texts texts;
    private AttachmentInspector inspector;
    private boolean remove;
    private String quarantineProcessor;

    @Inject
    public DangerousAttachments(Texts texts) {
        this.texts = texts;
    }

    @Override
    public void init() throws MessagingException {
        AttachmentRules defaults = AttachmentRules.defaults();
        String encrypted = getInitParameter("encryptedArchives", "dangerous");
        String action = getInitParameter("action", "quarantine");
        if (!Set.of("dangerous", "allow").contains(encrypted) || !Set.of("quarantine", "remove").contains(action)) {
            throw new MessagingException("DangerousAttachments: encryptedArchives is dangerous|allow, action is quarantine|remove");
        }
        try {
            inspector = new AttachmentInspector(new AttachmentRules(
                list("extensions", defaults.extensions()), list("contentTypes", defaults.contentTypes()),
                getInitParameter("inspectArchives", true), encrypted.equals("dangerous"),
                Integer.parseInt(getInitParameter("maxArchiveEntries", "1000")), defaults.maxArchiveBytes()));
        } catch (IllegalArgumentException e) {
            throw new MessagingException("DangerousAttachments: " + e.getMessage());
        }
        remove = action.equals("remove");
        quarantineProcessor = getInitParameter("quarantineProcessor", "quarantine");
    }

    private Set<String> list(String name, Set<String> defaults) {
        String value = getInitParameter(name);
        if (value == null || value.isBlank()) {
            return defaults;
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(item -> !item.isEmpty()).collect(Collectors.toSet());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        List<AttachmentFinding> findings;
        try {
            findings = inspector.inspect(message);
        } catch (IOException e) {
            throw new MessagingException("attachment inspection failed: " + e.getMessage(), e);
        }
        if (findings.isEmpty()) {
            return;
        }
        String described = findings.stream().map(AttachmentFinding::describe).collect(Collectors.joining(", "));
        if (!remove) {
            RouteLog.decision(LOGGER, mail, "dangerous-attachment", "quarantined attachments=\"" + described + "\"");
            Quarantine.hold(mail, quarantineProcessor, "dangerous-attachment: " + described);
            return;
        }
        try {
            if (message.getContent() instanceof Multipart root) {
                for (AttachmentFinding finding : findings) {
                    replace(root, finding);
                }
                // javax.mail writes a changed multipart only when it is set again as the content
                message.setContent(root);
            } else {
                message.setText(notice(findings.get(0)), StandardCharsets.UTF_8.name());
            }
        } catch (IOException e) {
            throw new MessagingException("cannot rewrite the message", e);
        }
        message.setHeader("X-Govmail-Attachments-Removed", findings.stream().map(AttachmentFinding::fileName).collect(Collectors.joining(", ")));
        message.saveChanges();
        RouteLog.decision(LOGGER, mail, "dangerous-attachment", "removed attachments=\"" + described + "\"");
    }

    /** Replaces the part at the finding's path (below the root multipart) with a text notice. */
    private void replace(Multipart root, AttachmentFinding finding) throws MessagingException, IOException {
        String[] steps = finding.partPath().split("\\.");
        Multipart parent = root;
        for (int i = 1; i < steps.length; i++) {
            int index = Integer.parseInt(steps[i]) - 1;
            if (i == steps.length - 1) {
                MimeBodyPart replacement = new MimeBodyPart();
                replacement.setText(notice(finding), StandardCharsets.UTF_8.name());
                replacement.setDisposition(Part.INLINE);
                parent.removeBodyPart(index);
                parent.addBodyPart(replacement, index);
                return;
            }
            Object content = parent.getBodyPart(index).getContent();
            if (!(content instanceof Multipart next)) {
                return; // inside an attached message: left whole (quarantine is the mode for that)
            }
            parent = next;
        }
    }

    private String notice(AttachmentFinding finding) {
        return texts.text(Texts.KOREAN, "notice.attachment-removed", finding.describe()) + "\n"
            + texts.text(Texts.ENGLISH, "notice.attachment-removed", finding.describe()) + "\n";
    }

    @Override
    public String getMailetInfo() {
        return "govmail: removes or quarantines dangerous attachments";
    }
}
