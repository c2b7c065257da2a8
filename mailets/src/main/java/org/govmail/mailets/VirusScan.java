package org.govmail.mailets;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Set;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.govmail.mailets.content.ClamdClient;
import org.govmail.mailets.content.ScanResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans the whole message with clamd. Infected: quarantined with the signature as reason. Scanner
 * unavailable: logged as a warning, then either quarantined ({@code onUnavailable=quarantine}: nothing
 * unscanned reaches a mailbox) or delivered with {@code X-Govmail-Virus-Scan: unavailable (...)}
 * ({@code pass}). Clean mail gets {@code X-Govmail-Virus-Scan: clean}.
 *
 * <p>Parameters: {@code host} (127.0.0.1), {@code port} (3310), {@code timeout} (PT30S),
 * {@code onUnavailable} ({@code pass} | {@code quarantine}; pass), {@code quarantineProcessor} (quarantine).
 */
public final class VirusScan extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger("org.govmail.routing");
    private static final String HEADER = "X-Govmail-Virus-Scan";

    private ClamdClient clamd;
    private boolean quarantineWhenUnavailable;
    private String quarantineProcessor;

    @Override
    public void init() throws MessagingException {
        String onUnavailable = getInitParameter("onUnavailable", "pass");
        if (!Set.of("pass", "quarantine").contains(onUnavailable)) {
            throw new MessagingException("VirusScan: onUnavailable is pass or quarantine, not " + onUnavailable);
        }
        try {
            clamd = new ClamdClient(getInitParameter("host", "127.0.0.1"), Integer.parseInt(getInitParameter("port", "3310")),
                Duration.parse(getInitParameter("timeout", "PT30S")));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new MessagingException("VirusScan: bad port or timeout: " + e.getMessage());
        }
        quarantineWhenUnavailable = onUnavailable.equals("quarantine");
        quarantineProcessor = getInitParameter("quarantineProcessor", "quarantine");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try {
            message.writeTo(raw);
        } catch (IOException e) {
            throw new MessagingException("cannot read the message to scan it", e);
        }
        ScanResult result = clamd.scan(new ByteArrayInputStream(raw.toByteArray()));
        if (result instanceof ScanResult.Infected infected) {
            RouteLog.decision(LOGGER, mail, "virus", "quarantined signature=\"" + infected.signature() + "\"");
            Quarantine.hold(mail, quarantineProcessor, "virus: " + infected.signature());
        } else if (result instanceof ScanResult.Unavailable unavailable) {
            LOGGER.warn("virus scanner unavailable for mail {} ({}): {}", mail.getName(), unavailable.reason(),
                quarantineWhenUnavailable ? "quarantined" : "delivered unscanned");
            if (quarantineWhenUnavailable) {
                RouteLog.decision(LOGGER, mail, "virus-scan-unavailable", "quarantined");
                Quarantine.hold(mail, quarantineProcessor, "virus-scan-unavailable: " + unavailable.reason());
            } else {
                message.setHeader(HEADER, "unavailable (" + unavailable.reason().replaceAll("[\\r\\n]", " ") + ")");
                message.saveChanges();
            }
        } else {
            message.setHeader(HEADER, "clean");
            message.saveChanges();
        }
    }

    @Override
    public String getMailetInfo() {
        return "govmail: clamd virus scan";
    }
}
