package org.govmail.mailets.inbound;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.Headers;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.apache.james.jdkim.impl.DNSPublicKeyRecordRetriever;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Resolver;

/**
 * Verifies every DKIM-Signature of a message (RFC 6376) with jDKIM, fetching keys on the given resolver
 * only. jDKIM reports which signatures passed but hides why the others failed once one passes, so a
 * signature that did not pass with the whole message is verified again on its own to learn its reason.
 * Thread-safe: jDKIM's verifier keeps no state between messages.
 */
public final class DkimCheck {
    private static final Logger LOGGER = LoggerFactory.getLogger(DkimCheck.class);

    private final DKIMVerifier verifier;

    public DkimCheck(Resolver resolver) {
        this.verifier = new DKIMVerifier(new DNSPublicKeyRecordRetriever(resolver));
    }

    /** @param message the message as received, header and body, any line ends */
    public DkimResult check(byte[] message) {
        RawMessage raw = RawMessage.parse(message);
        List<String> signatures = raw.signatures();
        if (signatures.isEmpty()) {
            return DkimResult.none();
        }
        Verification whole = verify(raw, raw);
        List<DkimSignature> results = new ArrayList<>();
        for (String field : signatures) {
            Map<String, String> tags = TagList.parse(RawMessage.valueOf(field));
            String domain = tags.getOrDefault("d", "");
            String selector = tags.getOrDefault("s", "");
            if (whole.passed().stream().anyMatch(record -> sameSignature(record, tags))) {
                results.add(new DkimSignature(domain, selector, DkimSignature.PASS, ""));
            } else {
                Verification alone = signatures.size() == 1 ? whole : verify(raw, raw.withOnlySignature(field));
                results.add(new DkimSignature(domain, selector, alone.failureWord(), alone.failureReason()));
            }
        }
        return new DkimResult(results);
    }

    private Verification verify(RawMessage raw, Headers headers) {
        try {
            List<SignatureRecord> passed = verifier.verify(headers, new ByteArrayInputStream(raw.body()));
            return new Verification(passed == null ? List.of() : passed, Optional.empty());
        } catch (FailException e) {
            return new Verification(List.of(), Optional.of(e));
        } catch (IOException | RuntimeException e) {
            LOGGER.warn("DKIM verification could not finish", e);
            return new Verification(List.of(), Optional.of(new TempFailException("verification could not finish: " + e)));
        }
    }

    private static boolean sameSignature(SignatureRecord record, Map<String, String> tags) {
        try {
            byte[] b = Base64.getDecoder().decode(tags.getOrDefault("b", "").replaceAll("\\s", ""));
            return Arrays.equals(record.getSignature(), b)
                && record.getDToken().toString().equalsIgnoreCase(tags.getOrDefault("d", ""))
                && record.getSelector().toString().equals(tags.getOrDefault("s", ""));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private record Verification(List<SignatureRecord> passed, Optional<FailException> failure) {
        String failureWord() {
            return failure.filter(TempFailException.class::isInstance).isPresent() ? DkimSignature.TEMPERROR : DkimSignature.FAIL;
        }

        String failureReason() {
            if (failure.isEmpty()) {
                // Passes on its own only when it signs the message's other signatures, which were then missing.
                return "does not verify with the message's other signatures present";
            }
            String message = failure.get().getMessage();
            return message == null ? failure.get().getClass().getSimpleName() : message.toLowerCase(Locale.ROOT);
        }
    }
}
