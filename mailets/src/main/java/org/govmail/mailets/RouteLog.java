package org.govmail.mailets;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.slf4j.Logger;

/** The one format of a routing decision in the log: the rule, the mail, its Message-ID, sender and recipients. */
final class RouteLog {
    /** The logger name of every routing decision, so that one logger setting shows or hides them all. */
    static final String LOGGER = "org.govmail.routing";

    private RouteLog() {
    }

    static void decision(Logger logger, Mail mail, String rule, String outcome) {
        logger.info("route rule={} {} mail={} message-id={} sender={} recipients={}", rule, outcome, mail.getName(),
            messageId(mail), mail.getMaybeSender().asString("<>"), mail.getRecipients());
    }

    static String messageId(Mail mail) {
        try {
            String id = mail.getMessage().getMessageID();
            return id == null ? "-" : id;
        } catch (MessagingException e) {
            return "-";
        }
    }
}
