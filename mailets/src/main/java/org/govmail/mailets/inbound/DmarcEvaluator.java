package org.govmail.mailets.inbound;

import java.net.IDN;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * DMARC (RFC 7489) for one message, from its From header and the SPF and DKIM results already found.
 *
 * <p>Policy discovery asks {@code _dmarc.<From domain>}, then {@code _dmarc.<organizational domain>}
 * (see {@link OrganizationalDomains}); with the latter, sp= (or p= when sp= is absent) applies to a
 * From subdomain. Identifier alignment: SPF passed for a MAIL FROM (or, for a null reverse path, HELO)
 * domain aligned with the From domain, or a DKIM signature passed with an aligned d=; relaxed alignment
 * compares organizational domains, strict (adkim=s, aspf=s) exact names.
 *
 * <p>pct= sampling is deterministic: a message is in the sample when the first four bytes of
 * SHA-256(Message-ID), read as an unsigned number, modulo 100 are below pct. The same message (a
 * retry, a second copy) therefore always gets the same disposition. A failing message outside the
 * sample gets the next milder policy (reject → quarantine, quarantine → none), as section 6.6.4 says.
 *
 * <p>A DNS failure on the policy lookup, or a temporary SPF or DKIM error on an aligned identifier when
 * nothing aligned passed, gives {@code temperror} with disposition none: the message is not punished
 * for our resolver's trouble, but it did not pass either.
 */
public final class DmarcEvaluator {
    private final Resolver resolver;
    private final OrganizationalDomains organizationalDomains;

    public DmarcEvaluator(Resolver resolver, OrganizationalDomains organizationalDomains) {
        this.resolver = resolver;
        this.organizationalDomains = organizationalDomains;
    }

    /**
     * @param fromHeaders the values of all From header fields of the message
     * @param messageId   the Message-ID (for pct= sampling), empty or null when there is none
     */
    public DmarcResult evaluate(List<String> fromHeaders, String messageId, SpfResult spf, DkimResult dkim) {
        Optional<String> from = singleFromDomain(fromHeaders);
        if (from.isEmpty()) {
            return new DmarcResult(DmarcResult.PERMERROR, "", "", Optional.empty(), DmarcPolicy.NONE,
                "not exactly one From address");
        }
        String fromDomain = from.get();
        Discovery discovery = discover(fromDomain);
        if (discovery.temporaryFailure) {
            return new DmarcResult(DmarcResult.TEMPERROR, fromDomain, "", Optional.empty(), DmarcPolicy.NONE,
                "DMARC policy lookup failed");
        }
        if (discovery.record.isEmpty()) {
            return new DmarcResult(DmarcResult.NONE, fromDomain, "", Optional.empty(), DmarcPolicy.NONE, "no DMARC policy");
        }
        DmarcRecord record = discovery.record.get();
        DmarcPolicy policy = discovery.domain.equals(fromDomain) ? record.policy() : record.subdomainPolicy().orElse(record.policy());
        boolean spfAligned = aligned(spf.domain(), fromDomain, record.strictSpf());
        List<DkimSignature> alignedSignatures = dkim.signatures().stream()
            .filter(signature -> aligned(signature.domain(), fromDomain, record.strictDkim())).toList();
        if ((spfAligned && spf.passed()) || alignedSignatures.stream().anyMatch(DkimSignature::passed)) {
            return new DmarcResult(DmarcResult.PASS, fromDomain, discovery.domain, Optional.of(policy), DmarcPolicy.NONE, "");
        }
        if ((spfAligned && SpfResult.TEMPERROR.equals(spf.result()))
            || alignedSignatures.stream().anyMatch(signature -> DkimSignature.TEMPERROR.equals(signature.result()))) {
            return new DmarcResult(DmarcResult.TEMPERROR, fromDomain, discovery.domain, Optional.of(policy), DmarcPolicy.NONE,
                "temporary error on an aligned identifier");
        }
        DmarcPolicy disposition = sampled(messageId, record.percent()) ? policy : policy.oneStepMilder();
        return new DmarcResult(DmarcResult.FAIL, fromDomain, discovery.domain, Optional.of(policy), disposition,
            "no aligned SPF or DKIM pass");
    }

    private boolean aligned(String authenticated, String fromDomain, boolean strict) {
        if (authenticated.isEmpty()) {
            return false;
        }
        return strict
            ? OrganizationalDomains.normalize(authenticated).equals(fromDomain)
            : organizationalDomains.relaxedAligned(authenticated, fromDomain);
    }

    private static Optional<String> singleFromDomain(List<String> fromHeaders) {
        if (fromHeaders.size() != 1) {
            return Optional.empty();
        }
        try {
            InternetAddress[] addresses = InternetAddress.parseHeader(fromHeaders.get(0), false);
            if (addresses.length != 1 || addresses[0].isGroup()) {
                return Optional.empty();
            }
            String address = addresses[0].getAddress();
            int at = address == null ? -1 : address.lastIndexOf('@');
            if (at < 0 || at == address.length() - 1) {
                return Optional.empty();
            }
            String domain = IDN.toASCII(address.substring(at + 1), IDN.ALLOW_UNASSIGNED);
            return Optional.of(OrganizationalDomains.normalize(domain)).filter(name -> !name.isEmpty());
        } catch (AddressException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Discovery discover(String fromDomain) {
        Discovery atFrom = lookup(fromDomain);
        if (atFrom.temporaryFailure || atFrom.record.isPresent()) {
            return atFrom;
        }
        String organizational = organizationalDomains.organizationalDomain(fromDomain);
        return organizational.equals(fromDomain) ? atFrom : lookup(organizational);
    }

    private Discovery lookup(String domain) {
        Lookup lookup;
        try {
            lookup = new Lookup(Name.fromString("_dmarc." + domain + "."), Type.TXT);
        } catch (TextParseException e) {
            return new Discovery(domain, Optional.empty(), false);
        }
        lookup.setResolver(resolver);
        Record[] answers = lookup.run();
        switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL:
                break;
            case Lookup.HOST_NOT_FOUND:
            case Lookup.TYPE_NOT_FOUND:
                return new Discovery(domain, Optional.empty(), false);
            default:
                return new Discovery(domain, Optional.empty(), true);
        }
        List<DmarcRecord> records = new ArrayList<>();
        for (Record answer : answers) {
            if (answer instanceof TXTRecord txt) {
                DmarcRecord.parse(String.join("", txt.getStrings())).ifPresent(records::add);
            }
        }
        // Several DMARC records are as good as none (section 6.6.3): the domain has no usable policy.
        return new Discovery(domain, records.size() == 1 ? Optional.of(records.get(0)) : Optional.empty(), false);
    }

    static boolean sampled(String messageId, int percent) {
        if (percent >= 100) {
            return true;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest((messageId == null ? "" : messageId.trim()).getBytes(StandardCharsets.UTF_8));
            long bucket = Integer.toUnsignedLong(ByteBuffer.wrap(digest, 0, 4).getInt()) % 100;
            return bucket < percent;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private record Discovery(String domain, Optional<DmarcRecord> record, boolean temporaryFailure) {
    }
}
