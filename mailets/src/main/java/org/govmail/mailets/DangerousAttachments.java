package org.govmail.mailets;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.govmail.auth.i18n.Texts;
import org.govmail.mailets.content.AttachmentInspector;
import org.govmail.mailets.content.AttachmentRemover;
import org.govmail.mailets.content.AttachmentRules;
import org.govmail.mailets.content.Finding;
import org.govmail.mailets.content.Inspection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps runnable attachments out of the mailboxes: executables by name, declared type or content,
 * and inside ZIP archives. Either removes each such part (leaving a Korean + English notice in its place,
 * the rest of the mail delivered) or sends the whole mail to the quarantine processor.
 *
 * <pre>{@code
 * <mailet match="SenderIsRemote" class="org.govmail.mailets.DangerousAttachments">
 *   <action>quarantine</action>
 * </mailet>}</pre>
 */
public final class DangerousAttachments extends GenericMailet {
    static final String REMOVED_HEADER = "X-Govmail-Attachments-Removed";
    private static final Logger LOGGER = LoggerFactory.getLogger(DangerousAttachments.class);
    private static final Logger ROUTING = LoggerFactory.getLogger(RouteLog.LOGGER);
    private static final Set<String> PARAMETERS = Set.of("extensions", "contentTypes", "inspectArchives",
        "encryptedArchives", "maxArchiveEntries", "maxArchiveBytes", "action", "quarantineProcessor");

    private enum Action { REMOVE, QUARANTINE }

    private final Texts texts;
    private final AttachmentRemover remover = new AttachmentRemover();
    private AttachmentInspector inspector;
    private Action action;
    private String quarantineProcessor;
    private boolean uninspectableDangerous;

    @Inject
    public DangerousAttachments(Texts texts) {
        this.texts = texts;
    }

    @Override
    public void init() throws MessagingException {
        checkInitParameters(PARAMETERS);
        MailetParameters parameters = new MailetParameters(this);
        AttachmentRules defaults = AttachmentRules.defaults();
        AttachmentRules rules = new AttachmentRules(
            parameters.list("extensions", defaults.extensions()),
            parameters.list("contentTypes", defaults.contentTypes()),
            parameters.bool("inspectArchives", true),
            parameters.choice("encryptedArchives", "dangerous", "dangerous", "allow").equals("dangerous"),
            (int) parameters.positive("maxArchiveEntries", defaults.maxArchiveEntries(), Integer.MAX_VALUE),
            parameters.positive("maxArchiveBytes", defaults.maxArchiveBytes(), Long.MAX_VALUE));
        inspector = new AttachmentInspector(rules);
        uninspectableDangerous = rules.encryptedArchivesDangerous();
        action = Action.valueOf(parameters.choice("action", "quarantine", "quarantine", "remove").toUpperCase(Locale.ROOT));
        quarantineProcessor = parameters.string("quarantineProcessor", Quarantine.DEFAULT_PROCESSOR);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        Inspection inspection = inspector.inspect(message);
        if (!inspection.incomplete().isEmpty()) {
            LOGGER.warn("mail {} {} not fully inspected: {}", mail.getName(), message.getMessageID(), inspection.incomplete());
            // A limit hit means something past it went unchecked: the same policy as an archive nobody can open.
            if (uninspectableDangerous) {
                Quarantine.hold(mail, quarantineProcessor, "uninspectable-attachment: " + String.join(", ", inspection.incomplete()));
                RouteLog.decision(ROUTING, mail, "uninspectable-attachment", "quarantined parts=\"" + String.join(", ", inspection.incomplete()) + "\"");
                return;
            }
        }
        if (!inspection.dangerous()) {
            return;
        }
        String found = inspection.findings().stream().map(Finding::describe).collect(Collectors.joining(", "));
        if (action == Action.QUARANTINE) {
            Quarantine.hold(mail, quarantineProcessor, "dangerous-attachment: " + found);
            RouteLog.decision(ROUTING, mail, "dangerous-attachment", "quarantined attachments=\"" + found + "\"");
            return;
        }
        remove(mail, message, inspection.findings(), found);
    }

    private void remove(Mail mail, MimeMessage message, List<Finding> findings, String found) throws MessagingException {
        Map<String, List<Finding>> byPart = findings.stream()
            .collect(Collectors.groupingBy(Finding::partPath, LinkedHashMap::new, Collectors.toList()));
        Map<String, String> notices = new LinkedHashMap<>();
        byPart.forEach((path, partFindings) -> notices.put(path, notice(partFindings)));
        String names = byPart.values().stream().map(partFindings -> nameOf(partFindings.get(0)))
            .collect(Collectors.joining(", "));
        try {
            // Before the rewrite, which saves the message.
            message.setHeader(REMOVED_HEADER, MimeUtility.fold(REMOVED_HEADER.length() + 2, MimeUtility.encodeText(names, "UTF-8", null)));
            remover.replace(message, notices);
        } catch (IOException e) {
            throw new MessagingException("mail " + mail.getName() + ": could not remove dangerous attachments", e);
        }
        mail.setMessage(message);
        LOGGER.info("mail {} {} dangerous attachments removed: {}", mail.getName(), message.getMessageID(), found);
    }

    /** One notice per removed part, naming every reason it had. */
    private String notice(List<Finding> findings) {
        return notice(Texts.KOREAN, findings) + "\n\n" + notice(Texts.ENGLISH, findings) + "\n";
    }

    private String notice(String language, List<Finding> findings) {
        String reasons = findings.stream()
            .map(finding -> texts.text(language, "attachment.reason." + finding.reason().name(), finding.detail()))
            .collect(Collectors.joining("; "));
        return texts.text(language, "attachment.removed", nameOf(findings.get(0)), reasons);
    }

    private static String nameOf(Finding finding) {
        return finding.fileName().isEmpty() ? "part " + finding.partPath() : finding.fileName();
    }

    @Override
    public String getMailetInfo() {
        return "govmail: removes or quarantines dangerous attachments";
    }
}
