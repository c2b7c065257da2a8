package org.govmail.mailets;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the mail to a processor, and logs the routing decision with the rule that made it: James'
 * {@code ToProcessor} with a record of why. Parameters: {@code processor} (required), {@code rule}
 * (required: the name the log and the audit use), {@code notice} (optional: the error message set on the mail).
 *
 * <pre>{@code <mailet match="RecipientClassIs=outside" class="org.govmail.mailets.RouteTo">
 *     <processor>outside-outbound</processor><rule>recipient-outside</rule></mailet>}</pre>
 */
public final class RouteTo extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RouteLog.LOGGER);

    private String processor;
    private String rule;
    private String notice;

    @Override
    public void init() throws MessagingException {
        processor = required("processor");
        rule = required("rule");
        notice = getInitParameter("notice");
    }

    private String required(String name) throws MessagingException {
        String value = getInitParameter(name);
        if (value == null || value.isBlank()) {
            throw new MessagingException("RouteTo needs <" + name + ">");
        }
        return value.trim();
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        RouteLog.decision(LOGGER, mail, rule, "processor=" + processor);
        if (notice != null) {
            mail.setErrorMessage(notice);
        }
        mail.setState(processor);
    }

    @Override
    public String getMailetInfo() {
        return "govmail: routes to a processor and logs the rule";
    }
}
