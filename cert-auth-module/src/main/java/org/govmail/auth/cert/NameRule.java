package org.govmail.auth.cert;

import java.text.Normalizer;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * How a scheme writes the holder's name into the subject: one attribute (CN by default) whose value
 * must match {@link #pattern()} entirely; the named group {@code name} is the holder's name.
 *
 * <p>GPKI's CN wraps the name between an institution/code prefix and a serial suffix
 * ({@code 043김선우01} → {@code 김선우}); the pattern lives in {@code conf/govmail-auth.xml} so an
 * authority that writes names differently needs a configuration change, not a code change.
 *
 * <p>Names are compared code point by code point after Unicode NFC normalisation and nothing else:
 * no trimming, no case folding, no removal of spaces ("류시원" ≠ "류 시원").
 */
public record NameRule(ASN1ObjectIdentifier attribute, Pattern pattern) {
    public static final String NAME_GROUP = "name";

    public NameRule {
        if (!pattern.pattern().contains("(?<" + NAME_GROUP + ">")) {
            throw new IllegalArgumentException("name pattern needs a group (?<name>...): " + pattern);
        }
    }

    public static NameRule of(String attributeName, String regex) {
        ASN1ObjectIdentifier oid = BCStyle.INSTANCE.attrNameToOID(attributeName);
        return new NameRule(oid, Pattern.compile(regex));
    }

    /** The holder's name read from the subject, NFC-normalised; empty when the subject does not fit. */
    public Optional<String> holderName(X500Principal subject) {
        X500Name name = X500Name.getInstance(subject.getEncoded());
        for (RDN rdn : name.getRDNs(attribute)) {
            for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                if (value.getType().equals(attribute) && value.getValue() instanceof ASN1String text) {
                    Matcher matcher = pattern.matcher(nfc(text.getString()));
                    if (matcher.matches() && !matcher.group(NAME_GROUP).isEmpty()) {
                        return Optional.of(matcher.group(NAME_GROUP));
                    }
                }
            }
        }
        return Optional.empty();
    }

    public static boolean sameName(String a, String b) {
        return nfc(a).equals(nfc(b));
    }

    public static String nfc(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC);
    }
}
