package org.govmail.mailets.content;

import java.io.IOException;
import java.util.Map;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;

/**
 * Replaces parts, named by their {@link MimeWalk} path, with a UTF-8 text notice; the rest of the
 * message (its text body above all) stays as it was.
 */
public final class AttachmentRemover {
    private static final String UTF_8 = "UTF-8";

    /**
     * @param notices the notice text for each part path to replace
     * @return whether anything was replaced; the message is saved if so
     */
    public boolean replace(MimeMessage message, Map<String, String> notices) throws MessagingException, IOException {
        if (!message(message, "", notices)) {
            return false;
        }
        saveKeepingMessageId(message);
        return true;
    }

    private boolean message(MimeMessage message, String path, Map<String, String> notices) throws MessagingException, IOException {
        if (message.isMimeType("multipart/*")) {
            return multipart(message, path, notices);
        }
        String notice = notices.get(MimeWalk.child(path, 1));
        if (notice == null) {
            return false;
        }
        message.removeHeader("Content-Disposition");
        message.setText(notice, UTF_8);
        return true;
    }

    private boolean multipart(Part container, String path, Map<String, String> notices) throws MessagingException, IOException {
        if (!(container.getContent() instanceof Multipart multipart)) {
            return false;
        }
        boolean changed = false;
        for (int i = 0; i < multipart.getCount(); i++) {
            String childPath = MimeWalk.child(path, i + 1);
            String notice = notices.get(childPath);
            if (notice != null) {
                multipart.removeBodyPart(i);
                multipart.addBodyPart(noticePart(notice), i);
                changed = true;
            } else {
                changed |= part(multipart.getBodyPart(i), childPath, notices);
            }
        }
        if (changed) {
            // Set back explicitly: whether the container re-reads its cached multipart differs between
            // JavaMail's parts and James' message wrapper.
            container.setContent(multipart);
        }
        return changed;
    }

    private boolean part(BodyPart part, String path, Map<String, String> notices) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            return multipart(part, path, notices);
        }
        if (part.isMimeType("message/rfc822") && part.getContent() instanceof MimeMessage nested
            && message(nested, path, notices)) {
            saveKeepingMessageId(nested);
            part.setContent(nested, "message/rfc822");
            return true;
        }
        return false;
    }

    private static MimeBodyPart noticePart(String notice) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(notice, UTF_8);
        part.setDisposition(Part.INLINE);
        return part;
    }

    /** JavaMail's saveChanges gives a new Message-ID; replies and threads refer to the sender's. */
    private static void saveKeepingMessageId(MimeMessage message) throws MessagingException {
        String messageId = message.getMessageID();
        message.saveChanges();
        if (messageId != null) {
            message.setHeader("Message-ID", messageId);
        }
    }
}
