package org.govmail.server.lifecycle;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;
import java.util.UUID;

import javax.mail.Message;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.server.core.MailImpl;
import org.govmail.auth.lifecycle.Notice;
import org.govmail.auth.lifecycle.Notifier;

/**
 * Queues govmail's own mails on James' spool (the persistent queue), from {@code notifications@sender} —
 * a local part (completed with the default domain) or a full address. Going through the spool means the
 * mail is durable once queued and passes the same mailet pipeline as any other mail.
 */
public final class SpoolNotifier implements Notifier {
    private final Session session = Session.getInstance(new Properties());

    private final MailQueueFactory<?> queues;
    private final DomainList domains;
    private final String sender;

    public SpoolNotifier(MailQueueFactory<?> queues, DomainList domains, String sender) {
        this.queues = queues;
        this.domains = domains;
        this.sender = sender;
    }

    @Override
    public void send(Notice notice) throws Exception {
        if (notice.recipients().isEmpty()) {
            return;
        }
        MailAddress from = new MailAddress(sender.contains("@") ? sender : sender + "@" + domains.getDefaultDomain().asString());
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from.asString(), "공직자 통합메일 govmail", StandardCharsets.UTF_8.name()));
        for (String recipient : notice.recipients()) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(notice.subject(), StandardCharsets.UTF_8.name());
        message.setText(notice.body(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        message.setHeader("Auto-Submitted", "auto-generated");
        message.saveChanges();
        MailImpl.Builder mail = MailImpl.builder()
            .name("govmail-notice-" + UUID.randomUUID())
            .sender(from)
            .mimeMessage(message);
        for (String recipient : notice.recipients()) {
            mail.addRecipient(new MailAddress(recipient));
        }
        MailImpl built = mail.build();
        try {
            spool(queues).enQueue(built);
        } finally {
            built.dispose();
        }
    }

    private static <Q extends MailQueue> MailQueue spool(MailQueueFactory<Q> queues) {
        return queues.getQueue(MailQueueFactory.SPOOL).orElseGet(() -> queues.createQueue(MailQueueFactory.SPOOL));
    }
}
