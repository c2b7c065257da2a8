package org.govmail.auth.tools;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The REST API's JSON (shapes in docs/openapi.yaml) as text for people: lists as tables, one record as
 * label/value lines. Times are shown to the minute in the administrator's time zone.
 */
final class AdminViews {
    static final String NONE = "(none)\n";

    private final TableRenderer tables;
    private final DateTimeFormatter minutes;

    AdminViews(TableRenderer tables, ZoneId zone) {
        this.tables = tables;
        this.minutes = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
    }

    String accounts(JsonNode accounts) {
        return table(accounts, List.of("ID", "NAME", "INSTITUTION", "STATUS", "CREATED"), account -> List.of(
            text(account, "id"), text(account, "name"), text(account, "institution"), text(account, "status"),
            time(text(account, "createdAt"))));
    }

    /** A status change's answer: the account without its certificates. */
    String accountSummary(JsonNode account) {
        List<List<String>> pairs = new ArrayList<>();
        pairs.add(List.of("ID", text(account, "id")));
        pairs.add(List.of("NAME", text(account, "name")));
        pairs.add(List.of("TYPE", text(account, "type")));
        pairs.add(List.of("INSTITUTION", text(account, "institution")));
        pairs.add(List.of("STATUS", text(account, "status")));
        if (!text(account, "statusReason").isEmpty()) {
            pairs.add(List.of("REASON", text(account, "statusReason")));
        }
        pairs.add(List.of("STATUS CHANGED", time(text(account, "statusChangedAt"))));
        if (account.hasNonNull("retireAt")) {
            pairs.add(List.of("RETIRES AT", time(text(account, "retireAt"))));
        }
        if (account.hasNonNull("redirectTo")) {
            pairs.add(List.of("MAIL GOES TO", text(account, "redirectTo")));
        }
        pairs.add(List.of("LANGUAGE", text(account, "language")));
        pairs.add(List.of("CREATED", time(text(account, "createdAt"))));
        return tables.renderPairs(pairs);
    }

    /** {@code show}: the account and every certificate registration it had. */
    String account(JsonNode account) {
        return accountSummary(account) + "\nCERTIFICATES\n" + table(account.path("certificates"),
            List.of("FINGERPRINT", "SCHEME", "NOT AFTER", "STATE", "SUBJECT"), certificate -> List.of(
                text(certificate, "fingerprint"), text(certificate, "scheme"), time(text(certificate, "notAfter")),
                certificate.path("active").asBoolean() ? "active" : "revoked " + time(text(certificate, "revokedAt")),
                text(certificate, "subject")));
    }

    String certificate(JsonNode certificate) {
        List<List<String>> pairs = new ArrayList<>();
        pairs.add(List.of("FINGERPRINT", text(certificate, "fingerprint")));
        pairs.add(List.of("SCHEME", text(certificate, "scheme")));
        pairs.add(List.of("SUBJECT", text(certificate, "subject")));
        pairs.add(List.of("ISSUER", text(certificate, "issuer")));
        pairs.add(List.of("SERIAL", text(certificate, "serial")));
        pairs.add(List.of("VALID", time(text(certificate, "notBefore")) + " - " + time(text(certificate, "notAfter"))));
        pairs.add(List.of("REGISTERED", time(text(certificate, "registeredAt"))));
        if (certificate.path("active").asBoolean()) {
            pairs.add(List.of("STATE", "active"));
        } else {
            pairs.add(List.of("STATE", "revoked " + time(text(certificate, "revokedAt"))));
            pairs.add(List.of("REVOCATION REASON", text(certificate, "revocationReason")));
        }
        return tables.renderPairs(pairs);
    }

    String institutions(JsonNode institutions) {
        return table(institutions, List.of("CODE", "NAME", "TYPE", "DOMAINS", "ADMINISTRATORS"), institution -> List.of(
            text(institution, "code"), text(institution, "name"), text(institution, "type"), joined(institution.path("domains"), node -> node.asText()),
            joined(institution.path("administrators"), admin -> text(admin, "name") + " <" + text(admin, "mail") + ">")));
    }

    /** "Who approves me?": one line per administrator, with their phone and mail. */
    String contacts(JsonNode institutions) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode institution : institutions) {
            String signup = institution.path("signupAllowed").asBoolean(true) ? "" : " (no sign-up)";
            if (institution.path("administrators").isEmpty()) {
                rows.add(List.of(text(institution, "code"), text(institution, "name") + signup, "-", "", ""));
            }
            for (JsonNode admin : institution.path("administrators")) {
                rows.add(List.of(text(institution, "code"), text(institution, "name") + signup, text(admin, "name"),
                    text(admin, "phone"), text(admin, "mail")));
            }
        }
        return rows.isEmpty() ? NONE : tables.render(new TableRenderer.Table(List.of("CODE", "INSTITUTION", "ADMINISTRATOR", "PHONE", "MAIL"), rows));
    }

    String institution(JsonNode institution) {
        List<List<String>> pairs = List.of(
            List.of("CODE", text(institution, "code")),
            List.of("NAME", text(institution, "name")),
            List.of("TYPE", text(institution, "type")),
            List.of("SIGN-UP", institution.path("signupAllowed").asBoolean(true) ? "allowed" : "not allowed"),
            List.of("DOMAINS", joined(institution.path("domains"), JsonNode::asText)));
        return tables.renderPairs(pairs) + "\nADMINISTRATORS\n" + table(institution.path("administrators"),
            List.of("MAIL", "NAME", "PHONE"), admin -> List.of(text(admin, "mail"), text(admin, "name"), text(admin, "phone")));
    }

    String audit(JsonNode events) {
        return table(events, List.of("AT", "ACTOR", "ACTION", "ACCOUNT", "OUTCOME", "FROM", "DETAIL"), event -> List.of(
            time(text(event, "at")), text(event, "actor"), text(event, "action"), text(event, "account"),
            text(event, "outcome") + (text(event, "reason").isEmpty() ? "" : " " + text(event, "reason")),
            text(event, "remoteAddress"), text(event, "detail")));
    }

    String housekeeping(JsonNode report) {
        return tables.renderPairs(List.of(
            List.of("RETIRED", text(report, "retired")),
            List.of("REMINDERS SENT", text(report, "reminders")),
            List.of("MAIL PURGED", text(report, "purged"))));
    }

    /** The folders an export's manifest.json lists. */
    String manifest(JsonNode manifest) {
        return table(manifest.path("folders"), List.of("FOLDER", "MESSAGES", "FILE"), folder -> List.of(
            text(folder, "name"), text(folder, "messages"), text(folder, "file")));
    }

    /** An ISO-8601 instant to the minute in the local zone; anything else as it is. */
    String time(String iso) {
        if (iso.isEmpty()) {
            return "";
        }
        try {
            return minutes.format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    private String table(JsonNode list, List<String> headers, Function<JsonNode, List<String>> row) {
        if (!list.isArray() || list.isEmpty()) {
            return NONE;
        }
        List<List<String>> rows = new ArrayList<>();
        list.forEach(item -> rows.add(row.apply(item)));
        return tables.render(new TableRenderer.Table(headers, rows));
    }

    private static String joined(JsonNode list, Function<JsonNode, String> each) {
        List<String> parts = new ArrayList<>();
        list.forEach(item -> parts.add(each.apply(item)));
        return String.join(", ", parts);
    }

    /** A field as text; absent and null are empty. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "" : value.asText();
    }
}
