package org.govmail.mailets.content;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.activation.DataHandler;
import javax.mail.MessagingException;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

/** Mail as it arrives from outside: built, written to bytes and parsed again, as James would read it. */
public final class TestMessages {
    public static final String BODY = "안녕하십니까. 요청하신 자료를 보내 드립니다.";
    public static final byte[] PE = "MZ\u0090\0 this program cannot be run in DOS mode".getBytes(StandardCharsets.ISO_8859_1);

    private TestMessages() {
    }

    /** A text body followed by the given attachments. */
    public static MimeMessage withAttachments(MimeBodyPart... attachments) throws MessagingException, IOException {
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart body = new MimeBodyPart();
        body.setText(BODY, "UTF-8");
        mixed.addBodyPart(body);
        for (MimeBodyPart attachment : attachments) {
            mixed.addBodyPart(attachment);
        }
        MimeMessage message = new MimeMessage(session());
        message.setFrom("sender@outside.example");
        message.setRecipients(javax.mail.Message.RecipientType.TO, "kim@korea.kr");
        message.setSubject("자료 송부", "UTF-8");
        message.setContent(mixed);
        message.saveChanges();
        return reparsed(message);
    }

    public static MimeBodyPart attachment(String fileName, String contentType, byte[] content) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(content, contentType)));
        part.setDisposition(Part.ATTACHMENT);
        part.setFileName(fileName);
        part.setHeader("Content-Transfer-Encoding", "base64");
        return part;
    }

    /** An attachment whose headers are written exactly as given (for encoded names). */
    public static MimeBodyPart rawAttachment(String contentType, String disposition, byte[] content) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(content, "application/octet-stream")));
        part.setHeader("Content-Type", contentType);
        if (disposition != null) {
            part.setHeader("Content-Disposition", disposition);
        }
        part.setHeader("Content-Transfer-Encoding", "base64");
        return part;
    }

    public static MimeBodyPart forwarded(MimeMessage message) throws MessagingException, IOException {
        MimeBodyPart part = new MimeBodyPart();
        part.setContent(reparsed(message), "message/rfc822");
        return part;
    }

    public static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndContents[i]));
                zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.ISO_8859_1));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /**
     * A ZIP whose one entry is marked encrypted (general purpose flag bit 0), as a password-protected
     * archive's entries are. Stored, so the flag sits at a known offset of the first local header.
     */
    public static byte[] encryptedZip(String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(data);
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        entry.setCompressedSize(data.length);
        entry.setCrc(crc.getValue());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(entry);
            zip.write(data);
            zip.closeEntry();
        }
        byte[] archive = bytes.toByteArray();
        archive[6] |= 1;
        return archive;
    }

    public static MimeMessage reparsed(MimeMessage message) throws MessagingException, IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        message.writeTo(bytes);
        return new MimeMessage(session(), new ByteArrayInputStream(bytes.toByteArray()));
    }

    public static Session session() {
        return Session.getInstance(new Properties());
    }
}
