package org.govmail.mailets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.govmail.mailets.inbound.AuthenticationResults;
import org.govmail.mailets.inbound.DkimCheck;
import org.govmail.mailets.inbound.DkimResult;
import org.govmail.mailets.inbound.DmarcEvaluator;
import org.govmail.mailets.inbound.DmarcPolicy;
import org.govmail.mailets.inbound.DmarcResult;
import org.govmail.mailets.inbound.OrganizationalDomains;
import org.govmail.mailets.inbound.SpfCheck;
import org.govmail.mailets.inbound.SpfResult;
import org.govmail.mailets.routing.AddressClass;
import org.govmail.mailets.routing.AddressClassifier;
import org.govmail.mailets.routing.MailDns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates mail arriving from other servers: SPF on the client address, MAIL FROM and HELO, DKIM on
 * the message as received, and DMARC on the From domain. Writes one {@code Authentication-Results} field
 * above every field the message came with, James' Received included (RFC 8601 wants it on top), after
 * removing any field that claims our authserv-id (a forgery, or a copy from an earlier pass), and sets the
 * results as mail attributes for the matchers after it. It only records: acting on a disposition is the
 * routing's job. A DNS failure gives {@code temperror} results; it never sends the mail to the error
 * processor.
 *
 * <p>{@code govmail.origin} is {@code inter-ministry} only when the From domain is a government domain
 * (local or inter-ministry) <em>and</em> DMARC passed: a mail that claims a government From but does
 * not prove it is outside mail.
 *
 * <p>Parameters: {@code authServId}, the host name written as authserv-id (default: this machine's
 * canonical host name, which is only right when that is the name other servers know; set it);
 * {@code publicSuffixes}, comma-separated suffixes added to {@link OrganizationalDomains#DEFAULT_SUFFIXES}.
 * It must come before any mailet that changes the message, since DKIM signs the bytes as received.
 *
 * <pre>{@code <mailet match="All" class="org.govmail.mailets.CheckMailAuthentication">
 *     <authServId>mail.mois.go.kr</authServId>
 * </mailet>}</pre>
 */
public final class CheckMailAuthentication extends GenericMailet {
    public static final AttributeName SPF = AttributeName.of("govmail.spf");
    public static final AttributeName DKIM = AttributeName.of("govmail.dkim");
    public static final AttributeName DMARC = AttributeName.of("govmail.dmarc");
    public static final AttributeName DMARC_DISPOSITION = AttributeName.of("govmail.dmarc.disposition");
    public static final AttributeName ORIGIN = AttributeName.of("govmail.origin");
    public static final String ORIGIN_INTER_MINISTRY = "inter-ministry";
    public static final String ORIGIN_OUTSIDE = "outside";

    private static final Logger LOGGER = LoggerFactory.getLogger(CheckMailAuthentication.class);

    private final MailDns mailDns;
    private final AddressClassifier classifier;
    private final SpfCheck spfCheck;
    private final DkimCheck dkimCheck;
    private DmarcEvaluator dmarcEvaluator;
    private String authServId;

    @Inject
    public CheckMailAuthentication(MailDns mailDns, AddressClassifier classifier) {
        this.mailDns = mailDns;
        this.classifier = classifier;
        this.spfCheck = new SpfCheck(mailDns.resolver());
        this.dkimCheck = new DkimCheck(mailDns.resolver());
    }

    @Override
    public void init() throws MessagingException {
        String configured = getInitParameter("authServId", "").trim();
        authServId = configured.isEmpty() ? localHostName() : configured;
        List<String> extraSuffixes = Arrays.stream(getInitParameter("publicSuffixes", "").split(","))
            .map(String::trim).filter(suffix -> !suffix.isEmpty()).toList();
        dmarcEvaluator = new DmarcEvaluator(mailDns.resolver(), OrganizationalDomains.withExtra(extraSuffixes));
        LOGGER.info("checking SPF, DKIM and DMARC as authserv-id {}", authServId);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        byte[] received = bytesOf(message);
        String messageId = Optional.ofNullable(message.getHeader("Message-ID", null)).orElse("").trim();

        SpfResult spf = spfCheck.check(mail.getRemoteAddr(),
            mail.getMaybeSender().asString(""),
            AttributeUtils.getValueAndCastFromMail(mail, Mail.SMTP_HELO, String.class).orElse(null));
        DkimResult dkim = dkimCheck.check(received);
        DmarcResult dmarc = dmarc(message, messageId, spf, dkim);
        String origin = origin(dmarc);

        writeAuthenticationResults(message, new AuthenticationResults(authServId, spf, dkim, dmarc));
        mail.setAttribute(new Attribute(SPF, AttributeValue.of(spf.result())));
        mail.setAttribute(new Attribute(DKIM, AttributeValue.of(dkim.result())));
        mail.setAttribute(new Attribute(DMARC, AttributeValue.of(dmarc.result())));
        mail.setAttribute(new Attribute(DMARC_DISPOSITION, AttributeValue.of(dmarc.disposition().word())));
        mail.setAttribute(new Attribute(ORIGIN, AttributeValue.of(origin)));
        LOGGER.info("mail {} message-id {} client {}: spf={} dkim={} dmarc={} disposition={} origin={}",
            mail.getName(), messageId, mail.getRemoteAddr(), spf.result(), dkim.result(), dmarc.result(),
            dmarc.disposition().word(), origin);
    }

    private DmarcResult dmarc(MimeMessage message, String messageId, SpfResult spf, DkimResult dkim) throws MessagingException {
        List<String> from = Optional.ofNullable(message.getHeader("From")).map(List::of).orElse(List.of());
        try {
            return dmarcEvaluator.evaluate(from, messageId, spf, dkim);
        } catch (RuntimeException e) {
            LOGGER.warn("DMARC evaluation of message-id {} could not finish", messageId, e);
            return new DmarcResult(DmarcResult.TEMPERROR, "", "", Optional.empty(), DmarcPolicy.NONE, "evaluation failed");
        }
    }

    private String origin(DmarcResult dmarc) {
        if (!dmarc.passed()) {
            return ORIGIN_OUTSIDE;
        }
        try {
            Optional<AddressClass> fromClass = classifier.classifyDomain(dmarc.fromDomain());
            return fromClass.filter(found -> found != AddressClass.OUTSIDE).isPresent() ? ORIGIN_INTER_MINISTRY : ORIGIN_OUTSIDE;
        } catch (IllegalStateException domainListDown) {
            // Outside is the less trusted answer, so it is the safe one when the domain list cannot tell.
            LOGGER.warn("could not classify From domain {}: treating the mail as outside mail", dmarc.fromDomain(), domainListDown);
            return ORIGIN_OUTSIDE;
        }
    }

    /**
     * Rewrites the header block with ours first: javax.mail only appends a field (or puts it after the
     * last one of the same name), so the fields are taken out and put back behind ours, each as its
     * original line, which keeps other signatures over them valid. javax.mail keeps an empty slot where a
     * removed field was, and a field James sets later (MIME-Version, Date on a message without them)
     * fills its slot, above ours: nothing in the javax.mail API can prevent that.
     */
    private void writeAuthenticationResults(MimeMessage message, AuthenticationResults results) throws MessagingException {
        List<String> kept = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String line : Collections.list(message.getAllHeaderLines())) {
            String name = line.substring(0, Math.max(0, line.indexOf(':'))).trim();
            if (name.equalsIgnoreCase(AuthenticationResults.HEADER) && claimsOurId(line)) {
                LOGGER.info("removed an {} field claiming our authserv-id {}", AuthenticationResults.HEADER, authServId);
            } else {
                kept.add(line);
            }
            if (!name.isEmpty() && names.stream().noneMatch(name::equalsIgnoreCase)) {
                names.add(name);
            }
        }
        for (String name : names) {
            message.removeHeader(name);
        }
        message.addHeaderLine(results.headerLine());
        for (String line : kept) {
            message.addHeaderLine(line);
        }
    }

    private boolean claimsOurId(String line) {
        return AuthenticationResults.authservIdOf(line.substring(line.indexOf(':') + 1))
            .filter(authServId::equalsIgnoreCase).isPresent();
    }

    private static byte[] bytesOf(MimeMessage message) throws MessagingException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            message.writeTo(bytes);
        } catch (IOException e) {
            throw new MessagingException("could not read the message to verify its DKIM signatures", e);
        }
        return bytes.toByteArray();
    }

    private static String localHostName() throws MessagingException {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            throw new MessagingException("no authServId parameter and no local host name to use instead", e);
        }
    }

    @Override
    public String getMailetInfo() {
        return "govmail: SPF, DKIM and DMARC of inbound mail, as Authentication-Results and attributes";
    }
}
