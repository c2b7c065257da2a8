package org.govmail.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ManifestTest {
    @Test
    void listsFoldersWithEntriesAndCounts() {
        Manifest manifest = new Manifest("kim@gov.kr", Instant.parse("2026-03-05T07:08:09Z"), List.of(
            new Manifest.Entry("INBOX", "INBOX.mbox", 3), new Manifest.Entry("보관함/2026", "보관함/2026.mbox", 0)));
        assertThat(manifest.toJson()).isEqualTo("""
            {
              "account": "kim@gov.kr",
              "exportedAt": "2026-03-05T07:08:09Z",
              "format": "mboxrd",
              "folders": [
                {"name": "INBOX", "file": "INBOX.mbox", "messages": 3},
                {"name": "보관함/2026", "file": "보관함/2026.mbox", "messages": 0}
              ]
            }
            """);
    }

    @Test
    void emptyAccountHasAnEmptyList() {
        assertThat(new Manifest("a@b", Instant.EPOCH, List.of()).toJson()).contains("\"folders\": []\n}");
    }

    @Test
    void namesAreJsonEscaped() {
        assertThat(Manifest.quote("say \"hi\"\\\n\t\u0001")).isEqualTo("\"say \\\"hi\\\"\\\\\\n\\t\\u0001\"");
    }
}
