package org.govmail.mailets.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govmail.mailets.content.TestMessages.PE;
import static org.govmail.mailets.content.TestMessages.attachment;
import static org.govmail.mailets.content.TestMessages.encryptedZip;
import static org.govmail.mailets.content.TestMessages.rawAttachment;
import static org.govmail.mailets.content.TestMessages.withAttachments;
import static org.govmail.mailets.content.TestMessages.zip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.mail.internet.MimeMessage;

import org.govmail.mailets.content.Finding.Reason;
import org.junit.jupiter.api.Test;

class AttachmentInspectorTest {
    private static final byte[] PDF = "%PDF-1.7\n...".getBytes(StandardCharsets.US_ASCII);

    private final AttachmentInspector inspector = new AttachmentInspector(AttachmentRules.defaults());

    @Test
    void anExecutableByItsName() throws Exception {
        Inspection inspection = inspector.inspect(withAttachments(attachment("setup.exe", "application/octet-stream", PDF)));

        assertThat(inspection.findings()).containsExactly(new Finding("2", "setup.exe", Reason.EXTENSION, "exe"));
        assertThat(inspection.findings().get(0).describe()).isEqualTo("setup.exe (extension)");
    }

    @Test
    void theLastExtensionCountsInAKoreanRfc2231Name() throws Exception {
        MimeMessage message = withAttachments(rawAttachment("application/pdf",
            "attachment; filename*=UTF-8''%EB%B3%B4%EA%B3%A0%EC%84%9C.pdf.exe", PDF));

        assertThat(inspector.inspect(message).findings())
            .containsExactly(new Finding("2", "보고서.pdf.exe", Reason.EXTENSION, "exe"));
    }

    @Test
    void aKoreanRfc2047NameInTheContentType() throws Exception {
        String encoded = "=?UTF-8?B?" + Base64.getEncoder().encodeToString("보고서.SCR".getBytes(StandardCharsets.UTF_8)) + "?=";
        MimeMessage message = withAttachments(rawAttachment("application/octet-stream; name=\"" + encoded + "\"", null, PDF));

        assertThat(inspector.inspect(message).findings())
            .containsExactly(new Finding("2", "보고서.SCR", Reason.EXTENSION, "scr"));
    }

    @Test
    void harmlessAttachmentsAndTheTextBodyPass() throws Exception {
        Inspection inspection = inspector.inspect(withAttachments(
            attachment("보고서.pdf", "application/pdf", PDF),
            attachment("자료.zip", "application/zip", zip("보고서.hwp", "HWP Document File", "표.xlsx", "PK..."))));

        assertThat(inspection.findings()).isEmpty();
        assertThat(inspection.incomplete()).isEmpty();
    }

    @Test
    void aDeclaredProgramType() throws Exception {
        Inspection inspection = inspector.inspect(withAttachments(attachment("update", "application/x-msdownload", PDF)));

        assertThat(inspection.findings()).containsExactly(new Finding("2", "update", Reason.CONTENT_TYPE, "application/x-msdownload"));
    }

    @Test
    void aPdfThatIsAWindowsProgram() throws Exception {
        Inspection inspection = inspector.inspect(withAttachments(attachment("invoice.pdf", "application/pdf", PE)));

        assertThat(inspection.findings()).containsExactly(new Finding("2", "invoice.pdf", Reason.DETECTED_CONTENT, "Windows PE"));
    }

    @Test
    void otherExecutableSignatures() throws Exception {
        Inspection inspection = inspector.inspect(withAttachments(
            attachment("a.dat", "application/octet-stream", new byte[] {0x7F, 'E', 'L', 'F', 2}),
            attachment("b.dat", "application/octet-stream", new byte[] {(byte) 0xCF, (byte) 0xFA, (byte) 0xED, (byte) 0xFE}),
            attachment("c.dat", "application/octet-stream", new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE}),
            attachment("d.txt", "text/plain", "#!/bin/sh\nrm -rf ~\n".getBytes(StandardCharsets.US_ASCII))));

        assertThat(inspection.findings()).extracting(Finding::detail).containsExactly("ELF", "Mach-O", "Java class", "#! script");
    }

    @Test
    void aZipWithAProgramInside() throws Exception {
        Inspection inspection = inspector.inspect(withAttachments(
            attachment("자료.zip", "application/zip", zip("readme.txt", "hello", "tools/Run.EXE", "MZ..."))));

        assertThat(inspection.findings()).containsExactly(
            new Finding("2", "자료.zip", Reason.ARCHIVE_ENTRY, "tools/Run.EXE"),
            new Finding("2", "자료.zip", Reason.ARCHIVE_ENTRY, "tools/Run.EXE (Windows PE)"));
        assertThat(inspection.findings().get(0).describe()).isEqualTo("자료.zip (archive-entry tools/Run.EXE)");
    }

    @Test
    void aZipInAZipIsOpenedToo() throws Exception {
        byte[] inner = zip("invoice.pdf", "MZ...");
        Inspection inspection = inspector.inspect(withAttachments(
            attachment("outer.zip", "application/zip", zip("inner.zip", new String(inner, StandardCharsets.ISO_8859_1)))));

        assertThat(inspection.findings()).containsExactly(
            new Finding("2", "outer.zip", Reason.ARCHIVE_ENTRY, "inner.zip/invoice.pdf (Windows PE)"));
    }

    @Test
    void anEncryptedZipIsDangerousUnlessAllowed() throws Exception {
        MimeMessage message = withAttachments(attachment("secret.zip", "application/zip", encryptedZip("보고서.hwp", "xxxx")));

        assertThat(inspector.inspect(message).findings())
            .containsExactly(new Finding("2", "secret.zip", Reason.ENCRYPTED_ARCHIVE, "보고서.hwp"));
        assertThat(new AttachmentInspector(AttachmentRules.defaults().withEncryptedArchivesDangerous(false))
            .inspect(message).findings()).isEmpty();
    }

    @Test
    void anEncryptedEntryStillShowsItsName() throws Exception {
        MimeMessage message = withAttachments(attachment("secret.zip", "application/zip", encryptedZip("run.exe", "xxxx")));

        assertThat(new AttachmentInspector(AttachmentRules.defaults().withEncryptedArchivesDangerous(false))
            .inspect(message).findings()).containsExactly(new Finding("2", "secret.zip", Reason.ARCHIVE_ENTRY, "run.exe"));
    }

    @Test
    void aForwardedMessageIsInspected() throws Exception {
        MimeMessage forwarded = withAttachments(attachment("setup.exe", "application/octet-stream", PDF));
        MimeMessage message = withAttachments(TestMessages.forwarded(forwarded));

        assertThat(inspector.inspect(message).findings()).containsExactly(new Finding("2.2", "setup.exe", Reason.EXTENSION, "exe"));
    }

    @Test
    void aZipBombCostsNoMoreThanTheBudget() throws Exception {
        // 256 MiB of zeros, a quarter MiB compressed; then the program the bomb was meant to hide.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry("zeros.bin"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("hidden.dat"));
            zip.write(PE);
            zip.closeEntry();
        }
        AttachmentInspector inspector = new AttachmentInspector(AttachmentRules.defaults().withArchiveLimits(1000, 8L << 20));

        long start = System.nanoTime();
        Inspection inspection = inspector.inspect(withAttachments(attachment("bomb.zip", "application/zip", bytes.toByteArray())));

        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
        assertThat(inspection.findings()).isEmpty();
        assertThat(inspection.incomplete()).containsExactly("2 (archive byte limit)");
    }

    @Test
    void theEntryLimitStopsTheReading() throws Exception {
        AttachmentInspector inspector = new AttachmentInspector(AttachmentRules.defaults().withArchiveLimits(2, 1 << 20));

        Inspection inspection = inspector.inspect(withAttachments(
            attachment("many.zip", "application/zip", zip("a.txt", "a", "b.txt", "b", "c.exe", "c"))));

        assertThat(inspection.findings()).isEmpty();
        assertThat(inspection.incomplete()).containsExactly("2 (archive entry limit)");
    }

    @Test
    void aSinglePartProgramIsPartOne() throws Exception {
        MimeMessage message = new MimeMessage(TestMessages.session());
        message.setContent(PE, "application/octet-stream");
        message.setFileName("setup.exe");
        message.saveChanges();

        assertThat(inspector.inspect(TestMessages.reparsed(message)).findings()).extracting(Finding::partPath, Finding::reason)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("1", Reason.EXTENSION), org.assertj.core.groups.Tuple.tuple("1", Reason.DETECTED_CONTENT));
    }
}
