package org.govmail.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FolderNamesTest {
    @Test
    void jamesDelimiterBecomesSlash() {
        assertThat(FolderNames.folderName("INBOX", '.')).isEqualTo("INBOX");
        assertThat(FolderNames.folderName("Projects.2026", '.')).isEqualTo("Projects/2026");
        assertThat(FolderNames.folderName("Projects/2026", '/')).isEqualTo("Projects/2026");
        assertThat(FolderNames.folderName("보관함.공문", '.')).isEqualTo("보관함/공문");
    }

    @Test
    void slashInsideALevelIsEscapedSoNamesStayDistinct() {
        assertThat(FolderNames.folderName("a/b", '.')).isEqualTo("a%2Fb");
        assertThat(FolderNames.folderName("a.b", '.')).isEqualTo("a/b");
        assertThat(FolderNames.folderName("100%", '.')).isEqualTo("100%25");
        assertThat(FolderNames.folderName("a%2Fb", '.')).isEqualTo("a%252Fb");
    }

    @Test
    void inboxIsDesignatedInAnyCaseOtherFoldersExactly() {
        assertThat(FolderNames.designates("inbox", "INBOX")).isTrue();
        assertThat(FolderNames.designates("Projects/2026", "Projects/2026")).isTrue();
        assertThat(FolderNames.designates("projects/2026", "Projects/2026")).isFalse();
        assertThat(FolderNames.designates("Projects.2026", "Projects/2026")).isFalse();
    }

    @Test
    void entryNamesStayInsideTheArchive() {
        Set<String> taken = new HashSet<>();
        assertThat(FolderNames.entryName("Projects/2026", taken)).isEqualTo("Projects/2026.mbox");
        assertThat(FolderNames.entryName("../../etc/passwd", taken)).isEqualTo("_/_/etc/passwd.mbox");
        assertThat(FolderNames.entryName("/abs", taken)).isEqualTo("_/abs.mbox");
        assertThat(FolderNames.entryName("C:\\Windows", taken)).isEqualTo("C__Windows.mbox");
        assertThat(FolderNames.entryName("a/./b/", taken)).isEqualTo("a/_/b/_.mbox");
        assertThat(FolderNames.entryName("tab\there", taken)).isEqualTo("tab_here.mbox");
        assertThat(FolderNames.entryName("보관함", taken)).isEqualTo("보관함.mbox");
    }

    @Test
    void collidingEntryNamesAreNumbered() {
        Set<String> taken = new HashSet<>();
        String first = FolderNames.entryName("..", taken);
        taken.add(first);
        String second = FolderNames.entryName("_", taken);
        taken.add(second);
        assertThat(first).isEqualTo("_.mbox");
        assertThat(second).isEqualTo("_~2.mbox");
        assertThat(FolderNames.entryName("", taken)).isEqualTo("_~3.mbox");
    }
}
