package org.govmail.mailets.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class TestDnsServerTest {
    private TestDnsServer dns;

    @BeforeEach
    void start() throws Exception {
        dns = TestDnsServer.start();
    }

    @AfterEach
    void close() {
        dns.close();
    }

    @Test
    void answersTxtAndAQueries() throws Exception {
        dns.txt("x.example", "v=spf1 -all", "other").a("x.example", "192.0.2.1");

        assertThat(lookup(dns.resolver(), "x.example.", Type.TXT)).hasSize(2);
        assertThat(lookup(dns.resolver(), "X.Example.", Type.A)).singleElement()
            .satisfies(record -> assertThat(record.rdataToString()).isEqualTo("192.0.2.1"));
    }

    @Test
    void unknownNameIsNxdomainAndKnownNameWithoutTheTypeIsEmpty() throws Exception {
        dns.txt("x.example", "text");

        Lookup unknown = run(dns.resolver(), "y.example.", Type.TXT);
        Lookup noA = run(dns.resolver(), "x.example.", Type.A);

        assertThat(unknown.getResult()).isEqualTo(Lookup.HOST_NOT_FOUND);
        assertThat(noA.getResult()).isEqualTo(Lookup.TYPE_NOT_FOUND);
    }

    @Test
    void splitsLongValuesIntoStringsOfOneRecordOverUdpAndTcp() throws Exception {
        String key = "v=DKIM1; k=rsa; p=" + "A".repeat(600) + "\\end";
        dns.txt("sel._domainkey.x.example", key);
        SimpleResolver tcp = dns.resolver();
        tcp.setTCP(true);

        for (SimpleResolver resolver : new SimpleResolver[] {dns.resolver(), tcp}) {
            TXTRecord txt = (TXTRecord) lookup(resolver, "sel._domainkey.x.example.", Type.TXT)[0];
            assertThat(txt.getStrings()).hasSize(3);
            assertThat(String.join("", txt.getStrings())).isEqualTo(key.replace("\\", "\\\\"));
        }
    }

    @Test
    void changesApplyWhileRunningAndStopRefusesUntilResumed() throws Exception {
        dns.txt("x.example", "one");
        dns.txt("x.example", "two");
        assertThat(((TXTRecord) lookup(dns.resolver(), "x.example.", Type.TXT)[0]).getStrings()).containsExactly("two");

        dns.stop();
        assertThat(run(dns.resolver(), "x.example.", Type.TXT).getResult()).isEqualTo(Lookup.TRY_AGAIN);

        dns.resume();
        dns.remove("x.example");
        assertThat(run(dns.resolver(), "x.example.", Type.TXT).getResult()).isEqualTo(Lookup.HOST_NOT_FOUND);
    }

    private static Record[] lookup(SimpleResolver resolver, String name, int type) throws Exception {
        Lookup lookup = run(resolver, name, type);
        assertThat(lookup.getResult()).as(lookup.getErrorString()).isEqualTo(Lookup.SUCCESSFUL);
        return lookup.getAnswers();
    }

    private static Lookup run(SimpleResolver resolver, String name, int type) throws Exception {
        Lookup lookup = new Lookup(name, type);
        lookup.setResolver(resolver);
        lookup.run();
        return lookup;
    }
}
