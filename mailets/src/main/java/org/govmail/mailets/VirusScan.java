package org.govmail.mailets;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.govmail.mailets.content.ClamdClient;
import org.govmail.mailets.content.ScanResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Has clamd scan the whole message. Infected mail goes to the quarantine processor; when clamd cannot
 * give a verdict the mail passes with a header saying so (or is quarantined, if so configured), because
 * an optional scanner being down must not stop the mail by default. Without this mailet in the
 * configuration nothing is scanned.
 *
 * <pre>{@code
 * <mailet match="SenderIsRemote" class="org.govmail.mailets.VirusScan">
 *   <host>127.0.0.1</host><port>3310</port><timeout>PT30S</timeout><onUnavailable>pass</onUnavailable>
 * </mailet>}</pre>
 */
public final class VirusScan extends GenericMailet {
    static final String HEADER = "X-Govmail-Virus-Scan";
    private static final Logger LOGGER = LoggerFactory.getLogger(VirusScan.class);
    private static final Logger ROUTING = LoggerFactory.getLogger(RouteLog.LOGGER);
    private static final Set<String> PARAMETERS = Set.of("host", "port", "timeout", "onUnavailable", "quarantineProcessor");

    private ScheduledExecutorService watchdog;
    private ClamdClient clamd;
    private boolean quarantineWhenUnavailable;
    private String quarantineProcessor;

    @Override
    public void init() throws MessagingException {
        checkInitParameters(PARAMETERS);
        MailetParameters parameters = new MailetParameters(this);
        String host = parameters.string("host", "127.0.0.1");
        int port = (int) parameters.positive("port", 3310, 65535);
        Duration timeout = parameters.duration("timeout", "PT30S");
        quarantineWhenUnavailable = parameters.choice("onUnavailable", "pass", "pass", "quarantine").equals("quarantine");
        quarantineProcessor = parameters.string("quarantineProcessor", Quarantine.DEFAULT_PROCESSOR);
        watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "govmail-clamd-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        clamd = new ClamdClient(host, port, timeout, watchdog);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        ScanResult result = clamd.scan(out -> {
            try {
                message.writeTo(out);
            } catch (MessagingException e) {
                throw new IOException(e);
            }
        });
        String messageId = message.getMessageID();
        if (result instanceof ScanResult.Clean) {
            message.setHeader(HEADER, "clean");
            message.saveChanges();
            LOGGER.info("mail {} {} virus scan: clean", mail.getName(), messageId);
        } else if (result instanceof ScanResult.Infected infected) {
            Quarantine.hold(mail, quarantineProcessor, "virus: " + infected.signature());
            RouteLog.decision(ROUTING, mail, "virus", "quarantined signature=\"" + infected.signature() + "\"");
        } else if (result instanceof ScanResult.Unavailable unavailable) {
            LOGGER.warn("mail {} {} virus scan unavailable: {}", mail.getName(), messageId, unavailable.reason());
            if (quarantineWhenUnavailable) {
                Quarantine.hold(mail, quarantineProcessor, "virus-scan-unavailable: " + unavailable.reason());
                RouteLog.decision(ROUTING, mail, "virus-scan-unavailable", "quarantined");
            } else {
                // The reason may quote an exception: one header line, whatever it says.
                message.setHeader(HEADER, "unavailable (" + unavailable.reason().replaceAll("[\\r\\n]+", " ") + ")");
                message.saveChanges();
            }
        }
    }

    @Override
    public void destroy() {
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
    }

    @Override
    public String getMailetInfo() {
        return "govmail: scans mail with clamd";
    }
}
