package org.govmail.bench.load;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import javax.net.ssl.SSLSocketFactory;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

/**
 * One user's INBOX over IMAPS, kept open while a workload runs: how many messages are readable, how
 * often each Message-ID is there (to prove exactly-once delivery).
 * Jakarta Mail works against every server compared, so the same code reads them all.
 */
public final class MailboxReader implements AutoCloseable {
    private final Store store;

    public MailboxReader(String host, int port, SSLSocketFactory tls, String user, String password) throws MessagingException {
        Properties p = new Properties();
        p.put("mail.store.protocol", "imaps");
        p.put("mail.imaps.host", host);
        p.put("mail.imaps.port", String.valueOf(port));
        p.put("mail.imaps.ssl.socketFactory", tls);
        p.put("mail.imaps.ssl.checkserveridentity", "true");
        p.put("mail.imaps.connectiontimeout", "10000");
        p.put("mail.imaps.timeout", "120000");
        store = Session.getInstance(p).getStore("imaps");
        store.connect(user, password);
    }

    /** Readable messages in INBOX now (IMAP STATUS). */
    public int count() throws MessagingException {
        return store.getFolder("INBOX").getMessageCount();
    }

    /** Message-ID → how many copies INBOX holds. */
    public Map<String, Integer> messageIds() throws MessagingException {
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        try {
            Message[] messages = inbox.getMessages();
            FetchProfile profile = new FetchProfile();
            profile.add("Message-ID");
            inbox.fetch(messages, profile);
            Map<String, Integer> counts = new HashMap<>();
            for (Message message : messages) {
                String[] ids = message.getHeader("Message-ID");
                counts.merge(ids == null ? "(none)" : ids[0].trim(), 1, Integer::sum);
            }
            return counts;
        } finally {
            inbox.close(false);
        }
    }

    @Override
    public void close() throws MessagingException {
        store.close();
    }
}
