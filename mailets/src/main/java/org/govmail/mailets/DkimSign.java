package org.govmail.mailets;

import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.govmail.mailets.outbound.DkimKeys;
import org.govmail.mailets.outbound.DkimSigning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DKIM-signs mail leaving the server with the key of its From domain ({@code govmail-routing.xml},
 * {@code dkim}). A From domain without key leaves unsigned, and the log says so. Put it after every
 * mailet that changes the message, right before delivery. No parameters.
 */
public final class DkimSign extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(DkimSign.class);

    private final DkimKeys keys;

    @Inject
    public DkimSign(DkimKeys keys) {
        this.keys = keys;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        Optional<String> domain = fromDomain(message);
        Optional<DkimKeys.DkimKey> key = domain.flatMap(keys::forDomain);
        if (key.isEmpty()) {
            LOGGER.info("mail {} message-id={} leaves unsigned: no DKIM key for From domain {}", mail.getName(),
                RouteLog.messageId(mail), domain.orElse("(none)"));
            return;
        }
        String signature = DkimSigning.signatureValue(message, key.get());
        message.addHeader("DKIM-Signature", signature);
        message.saveChanges();
        LOGGER.debug("mail {} signed for d={} s={}", mail.getName(), key.get().domain(), key.get().selector());
    }

    private static Optional<String> fromDomain(MimeMessage message) throws MessagingException {
        String[] from = message.getHeader("From");
        if (from == null || from.length == 0) {
            return Optional.empty();
        }
        try {
            InternetAddress[] addresses = InternetAddress.parseHeader(from[0], false);
            if (addresses.length == 0 || addresses[0].getAddress() == null || !addresses[0].getAddress().contains("@")) {
                return Optional.empty();
            }
            String address = addresses[0].getAddress();
            return Optional.of(address.substring(address.lastIndexOf('@') + 1));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    @Override
    public String getMailetInfo() {
        return "govmail: DKIM signature with the From domain's key";
    }
}
