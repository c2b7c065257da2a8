package org.govmail.mailets.testing;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.mailet.HostAddress;
import org.apache.mailet.LookupException;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A mailet context that only knows its postmaster and records the mail mailets send. */
public final class TestMailetContext implements MailetContext {
    /** A mail a mailet sent through the context. */
    public record Sent(MailAddress sender, List<MailAddress> recipients, MimeMessage message) {
    }

    private final MailAddress postmaster;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    public TestMailetContext(MailAddress postmaster) {
        this.postmaster = postmaster;
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    @Override
    public void sendMail(MailAddress sender, Collection<MailAddress> recipients, MimeMessage message) {
        sent.add(new Sent(sender, List.copyOf(recipients), message));
    }

    @Override
    public MailAddress getPostmaster() {
        return postmaster;
    }

    @Override
    public Logger getLogger() {
        return LoggerFactory.getLogger(TestMailetContext.class);
    }

    @Override
    public void log(String message) {
        getLogger().info(message);
    }

    @Override
    public void log(String message, Throwable t) {
        getLogger().info(message, t);
    }

    @Override
    public void log(LogLevel level, String message) {
        getLogger().info(message);
    }

    @Override
    public void log(LogLevel level, String message, Throwable t) {
        getLogger().info(message, t);
    }

    // Nothing below is used by govmail's mailets under test; failing loudly shows when that changes.

    @Override
    public int getMajorVersion() {
        throw unused();
    }

    @Override
    public int getMinorVersion() {
        throw unused();
    }

    @Override
    public String getServerInfo() {
        throw unused();
    }

    @Override
    public Iterator<String> getAttributeNames() {
        throw unused();
    }

    @Override
    public Object getAttribute(String name) {
        throw unused();
    }

    @Override
    public void setAttribute(String name, Object value) {
        throw unused();
    }

    @Override
    public void removeAttribute(String name) {
        throw unused();
    }

    @Override
    public boolean isLocalServer(Domain domain) {
        throw unused();
    }

    @Override
    public boolean isLocalUser(String userAccount) {
        throw unused();
    }

    @Override
    public boolean isLocalEmail(MailAddress mailAddress) {
        throw unused();
    }

    @Override
    public Collection<String> getMailServers(Domain domain) {
        throw unused();
    }

    @Override
    public Iterator<HostAddress> getSMTPHostAddresses(Domain domain) {
        throw unused();
    }

    @Override
    public void sendMail(MimeMessage message) {
        throw unused();
    }

    @Override
    public void sendMail(MailAddress sender, Collection<MailAddress> recipients, MimeMessage message, String state) {
        throw unused();
    }

    @Override
    public void sendMail(Mail mail) {
        throw unused();
    }

    @Override
    public void sendMail(Mail mail, long delay, TimeUnit unit) {
        throw unused();
    }

    @Override
    public void sendMail(Mail mail, String state) {
        throw unused();
    }

    @Override
    public void sendMail(Mail mail, String state, long delay, TimeUnit unit) {
        throw unused();
    }

    @Override
    public void bounce(Mail mail, String message) {
        throw unused();
    }

    @Override
    public void bounce(Mail mail, String message, MailAddress bouncer) {
        throw unused();
    }

    @Override
    public List<String> dnsLookup(String name, RecordType type) throws LookupException {
        throw unused();
    }

    private static UnsupportedOperationException unused() {
        return new UnsupportedOperationException("not part of the test context");
    }
}
