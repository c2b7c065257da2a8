package org.govmail.mailets.inbound;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.DNSServiceEnabled;
import org.apache.james.jspf.core.MacroExpand;
import org.apache.james.jspf.core.MacroExpandEnabled;
import org.apache.james.jspf.core.SPFCheckEnabled;
import org.apache.james.jspf.executor.SPFResult;
import org.apache.james.jspf.executor.SynchronousSPFExecutor;
import org.apache.james.jspf.impl.DNSServiceXBillImpl;
import org.apache.james.jspf.impl.DefaultTermsFactory;
import org.apache.james.jspf.impl.SPF;
import org.apache.james.jspf.parser.RFC4408SPF1Parser;
import org.apache.james.jspf.wiring.WiringServiceTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Resolver;

/**
 * SPF (RFC 7208) for a connecting client, on the given resolver only. jSPF is wired by hand because its
 * convenience constructors fall back on dnsjava's process-wide default resolver and on an asynchronous
 * executor that ignores a custom resolver. Thread-safe: jSPF keeps its per-check state in the session.
 */
public final class SpfCheck {
    private static final Logger LOGGER = LoggerFactory.getLogger(SpfCheck.class);
    private static final Set<String> RESULTS = Set.of("pass", "fail", "softfail", "neutral", "none", "temperror", "permerror");

    private final SPF spf;

    public SpfCheck(Resolver resolver) {
        DNSService dns = new DNSServiceXBillImpl(resolver);
        WiringServiceTable wiring = new WiringServiceTable();
        wiring.put(DNSServiceEnabled.class, dns);
        MacroExpand macroExpand = new MacroExpand(dns);
        wiring.put(MacroExpandEnabled.class, macroExpand);
        RFC4408SPF1Parser parser = new RFC4408SPF1Parser(new DefaultTermsFactory(wiring));
        this.spf = new SPF(dns, parser, macroExpand, new SynchronousSPFExecutor(dns));
        // The include: and redirect= terms call back into the checker, so it is wired after it exists.
        wiring.put(SPFCheckEnabled.class, spf);
    }

    /**
     * @param clientIp the connecting client's address; without one there is nothing to check ({@code none})
     * @param mailFrom the reverse path, empty or null for a null reverse path (bounces): then the HELO
     *                 name is checked, as RFC 7208 section 2.3 says
     * @param helo     the HELO/EHLO name, may be null
     */
    public SpfResult check(String clientIp, String mailFrom, String helo) {
        String sender = Optional.ofNullable(mailFrom).map(String::trim).orElse("");
        String heloName = Optional.ofNullable(helo).map(String::trim).orElse("");
        SpfResult.Scope scope = sender.isEmpty() ? SpfResult.Scope.HELO : SpfResult.Scope.MAIL_FROM;
        String identity = sender.isEmpty() ? heloName : sender;
        String domain = domainOf(identity);
        if (clientIp == null || clientIp.isBlank() || domain.isEmpty()) {
            return new SpfResult(SpfResult.NONE, scope, identity, domain, "no client address or no domain to check");
        }
        try {
            SPFResult result = spf.checkSPF(clientIp.trim(), sender, heloName);
            String word = result.getResult() == null ? "" : result.getResult().toLowerCase(Locale.ROOT);
            if (!RESULTS.contains(word)) {
                return new SpfResult("permerror", scope, identity, domain, "unexpected SPF result '" + word + "'");
            }
            return new SpfResult(word, scope, identity, domain, result.getExplanation());
        } catch (RuntimeException e) {
            // jSPF reports DNS trouble as temperror itself; anything thrown is an evaluation we could not finish.
            LOGGER.warn("SPF check of {} for {} failed", domain, clientIp, e);
            return new SpfResult(SpfResult.TEMPERROR, scope, identity, domain, "SPF evaluation failed: " + e.getMessage());
        }
    }

    private static String domainOf(String identity) {
        String domain = identity.substring(identity.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    }
}
