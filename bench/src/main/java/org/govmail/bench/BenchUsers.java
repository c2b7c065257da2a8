package org.govmail.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The same mail users, with the same password, on every server compared. */
final class BenchUsers {
    static final String DOMAIN = "korea.kr";
    static final String SENDER_DOMAIN = "outside.example";
    static final String SENDER = "news@" + SENDER_DOMAIN;
    static final String PASSWORD = "bench-correct-horse";
    /** Ingested mail is spread over these mailboxes, round robin. */
    static final List<String> RECIPIENTS = List.of("rcpt1@" + DOMAIN, "rcpt2@" + DOMAIN, "rcpt3@" + DOMAIN, "rcpt4@" + DOMAIN);
    /** Owners of the large mailboxes of the IMAP workload. */
    static final String IMAP_SMALL = "imap1k@" + DOMAIN;
    static final String IMAP_LARGE = "imap10k@" + DOMAIN;

    private BenchUsers() {
    }

    /** Address → the name on the certificate (govmail requires them to match exactly). */
    static Map<String, String> all() {
        Map<String, String> users = new LinkedHashMap<>();
        users.put(RECIPIENTS.get(0), "김수신");
        users.put(RECIPIENTS.get(1), "이수신");
        users.put(RECIPIENTS.get(2), "박수신");
        users.put(RECIPIENTS.get(3), "최수신");
        users.put(IMAP_SMALL, "정천통");
        users.put(IMAP_LARGE, "강만통");
        return users;
    }
}
