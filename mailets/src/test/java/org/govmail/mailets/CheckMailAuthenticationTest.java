package org.govmail.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetConfig;
import org.apache.mailet.MailetContext;
import org.govmail.mailets.inbound.DkimCheck;
import org.govmail.mailets.routing.AddressClassifier;
import org.govmail.mailets.routing.GovernmentDomains;
import org.govmail.mailets.routing.MailDns;
import org.govmail.mailets.routing.RoutingConfiguration;
import org.govmail.mailets.testing.DkimTestKey;
import org.govmail.mailets.testing.TestDnsServer;
import org.govmail.mailets.testing.TestMailetConfig;
import org.govmail.mailets.testing.TestMailetContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CheckMailAuthenticationTest {
    private static final String MESSAGE = "Received: from mail.x.go.kr by govmail.example\r\n"
        + "Authentication-Results: govmail.example; dmarc=pass header.from=x.go.kr\r\n"
        + "Authentication-Results: other.example; spf=pass smtp.mailfrom=a@x.go.kr\r\n"
        + "From: Kim <kim@x.go.kr>\r\n"
        + "To: lee@mois.go.kr\r\n"
        + "Subject: test\r\n"
        + "Date: Mon, 1 Jan 2024 09:00:00 +0900\r\n"
        + "Message-ID: <1@x.go.kr>\r\n"
        + "MIME-Version: 1.0\r\n"
        + "\r\n"
        + "Hello.\r\n";

    private TestDnsServer dns;
    private CheckMailAuthentication mailet;
    private DkimTestKey key;

    @BeforeEach
    void start() throws Exception {
        dns = TestDnsServer.start();
        dns.txt("x.go.kr", "v=spf1 ip4:192.0.2.10 -all");
        dns.txt("_dmarc.x.go.kr", "v=DMARC1; p=reject");
        key = new DkimTestKey("x.go.kr", "sel").publishOn(dns);
        MailDns mailDns = new MailDns(new RoutingConfiguration(GovernmentDomains.of(List.of("*.go.kr")),
            List.of(dns.address()), Duration.ofSeconds(2), "govmail", "file://conf/dkim/", false,
            new org.govmail.mailets.outbound.ClassificationMarks(Map.of(), List.of("[비밀]")),
            new org.govmail.mailets.outbound.SendRateLimits(Duration.ofHours(1), 10, 1), java.util.Optional.empty(), true));
        mailet = new CheckMailAuthentication(mailDns, new AddressClassifier(localDomains("mois.go.kr"), GovernmentDomains.of(List.of("*.go.kr"))));
        mailet.init(new TestMailetConfig("CheckMailAuthentication", Map.of("authServId", "govmail.example"),
            new TestMailetContext(new MailAddress("postmaster@govmail.example"))));
    }

    @AfterEach
    void close() {
        dns.close();
    }

    @Test
    void authenticatedGovernmentMailIsInterMinistryWithOurResultsOnTop() throws Exception {
        Mail mail = mail("192.0.2.10", key.sign(MESSAGE));

        mailet.service(mail);

        assertThat(attributes(mail)).containsExactly("pass", "pass", "pass", "none", "inter-ministry");
        String headers = headerBlock(mail.getMessage());
        String ours = "Authentication-Results: govmail.example;\r\n\tspf=pass smtp.mailfrom=bounce@x.go.kr;"
            + "\r\n\tdkim=pass header.d=x.go.kr header.s=sel;\r\n\tdmarc=pass (p=reject) header.from=x.go.kr\r\n";
        // Above every field that came with the message; javax.mail may still put fields James sets itself higher.
        assertThat(headers.indexOf(ours)).isNotNegative().isLessThan(headers.indexOf("DKIM-Signature:"))
            .isLessThan(headers.indexOf("Received:"));
        assertThat(headers).doesNotContain("govmail.example; dmarc=pass header.from=x.go.kr")
            .contains("Authentication-Results: other.example;", "Received: from mail.x.go.kr");
        assertThat(new DkimCheck(dns.resolver()).check(bytes(mail.getMessage())).result())
            .as("the rewritten header block keeps the signature valid").isEqualTo("pass");
    }

    @Test
    void aForgedGovernmentFromIsOutsideMailWithTheDomainsDisposition() throws Exception {
        Mail mail = mail("198.51.100.7", MESSAGE);

        mailet.service(mail);

        assertThat(attributes(mail)).containsExactly("fail", "none", "fail", "reject", "outside");
    }

    @Test
    void dnsTroubleGivesTemperrorsNotAnException() throws Exception {
        Mail mail = mail("192.0.2.10", key.sign(MESSAGE));
        dns.stop();

        mailet.service(mail);

        assertThat(attributes(mail)).containsExactly("temperror", "temperror", "temperror", "none", "outside");
    }

    private static List<String> attributes(Mail mail) {
        return List.of(CheckMailAuthentication.SPF, CheckMailAuthentication.DKIM, CheckMailAuthentication.DMARC,
                CheckMailAuthentication.DMARC_DISPOSITION, CheckMailAuthentication.ORIGIN).stream()
            .map(name -> mail.getAttribute(name).map(Attribute::getValue).map(AttributeValue::getValue).map(String.class::cast).orElse("-"))
            .toList();
    }

    private static Mail mail(String clientIp, String message) throws Exception {
        MimeMessage mime = new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
        return MailImpl.builder().name("mail-1").sender("bounce@x.go.kr").addRecipient("lee@mois.go.kr")
            .remoteAddr(clientIp).mimeMessage(mime)
            .addAttribute(new Attribute(Mail.SMTP_HELO, AttributeValue.of("mail.x.go.kr")))
            .build();
    }

    private static String headerBlock(MimeMessage message) throws Exception {
        String whole = new String(bytes(message), StandardCharsets.UTF_8);
        return whole.substring(0, whole.indexOf("\r\n\r\n") + 2);
    }

    private static byte[] bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    private static DomainList localDomains(String... domains) {
        List<Domain> local = Arrays.stream(domains).map(Domain::of).toList();
        return (DomainList) Proxy.newProxyInstance(DomainList.class.getClassLoader(), new Class<?>[] {DomainList.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "containsDomain" -> local.contains(args[0]);
                case "getDomains" -> local;
                case "getDefaultDomain" -> local.get(0);
                default -> throw new UnsupportedOperationException(method.getName());
            });
    }
}
