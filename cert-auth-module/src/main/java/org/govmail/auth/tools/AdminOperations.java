package org.govmail.auth.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What each govmail-admin command does over the REST API (routes in docs/openapi.yaml), and what it prints:
 * a readable table or record, or with {@code --json} the server's JSON.
 */
final class AdminOperations {
    /** WebAdmin's largest page; lists are read page by page until a short one. */
    static final int PAGE = 1000;
    /** A safety stop for the paging loop (a million rows is not a terminal listing any more). */
    private static final int MAX_PAGES = 1000;
    private static final long MAX_CERTIFICATE_FILE = 1024 * 1024;
    static final Set<String> STATUSES = Set.of("PENDING", "APPROVED", "REJECTED", "SUSPENDED", "RETIRED");
    static final Set<String> INSTITUTION_TYPES = Set.of("CENTRAL_MINISTRY", "LOCAL_GOVERNMENT", "EDUCATION_OFFICE", "SCHOOL",
        "CONSTITUTIONAL_BODY", "PUBLIC_INSTITUTION", "OTHER");

    private final AdminClient client;
    private final AdminViews views;
    private final ObjectMapper json;
    private final PrintStream out;

    AdminOperations(AdminClient client, AdminViews views, ObjectMapper json, PrintStream out) {
        this.client = client;
        this.views = views;
        this.json = json;
        this.out = out;
    }

    int run(CommandLine line) throws IOException, ServerRefusal, UsageException {
        boolean raw = line.flag("json");
        switch (line.spec().name()) {
            case "pending" -> show(raw, accounts(Optional.of("PENDING"), line.option("institution")), views::accounts);
            case "list" -> show(raw, accounts(status(line.option("status")), line.option("institution")), views::accounts);
            case "show" -> show(raw, client.get(account(line), Map.of()), views::account);
            case "approve" -> show(raw, client.post(account(line) + "/approve", Optional.empty()), views::accountSummary);
            case "reinstate" -> show(raw, client.post(account(line) + "/reinstate", Optional.empty()), views::accountSummary);
            case "reject" -> show(raw, client.post(account(line) + "/reject", Optional.of(reason(line))), views::accountSummary);
            case "suspend" -> show(raw, client.post(account(line) + "/suspend", Optional.of(reason(line))), views::accountSummary);
            case "retire" -> show(raw, client.post(account(line) + "/retire", Optional.of(retirement(line))), views::accountSummary);
            case "cancel-retirement" -> show(raw, client.delete(account(line) + "/retirement", Map.of()), views::accountSummary);
            case "renew-cert" -> show(raw, client.post(account(line) + "/certificates", Optional.of(certificate(line))), views::certificate);
            case "revoke-cert" -> show(raw, client.delete(account(line) + "/certificates/" + AdminClient.segment(line.argument(1)),
                query("reason", line.option("reason"))), views::certificate);
            case "institutions search" -> show(raw, client.get("/govmail/public/institutions", Map.of("name", line.argument(0))),
                views::contacts);
            case "institutions list" -> show(raw, all("/govmail/institutions", Map.of()), views::institutions);
            case "institutions create" -> show(raw, client.post("/govmail/institutions", Optional.of(institution(line))), views::institution);
            case "institutions appoint" -> show(raw, client.put(administrator(line), appointment(line)), views::institution);
            case "institutions dismiss" -> show(raw, client.delete(administrator(line), Map.of()), views::institution);
            case "audit" -> show(raw, client.get("/govmail/audit", auditQuery(line)), views::audit);
            case "export" -> export(line);
            case "housekeeping" -> show(raw, client.post("/govmail/audit/housekeeping", Optional.empty()), views::housekeeping);
            default -> throw new UsageException("no operation for " + line.spec().name());
        }
        return ExitCodes.OK;
    }

    /** Whether a command talks to the public (unauthenticated) API, so no credentials need to be found. */
    static boolean isPublic(CommandSpec spec) {
        return spec.name().equals("institutions search");
    }

    @FunctionalInterface
    private interface View {
        String render(JsonNode node);
    }

    private void show(boolean raw, JsonNode result, View view) throws IOException {
        out.print(raw ? json.writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n" : view.render(result));
        out.flush();
    }

    private ArrayNode accounts(Optional<String> status, Optional<String> institution) throws IOException, ServerRefusal {
        Map<String, String> query = new LinkedHashMap<>();
        status.ifPresent(value -> query.put("status", value));
        institution.ifPresent(value -> query.put("institution", value));
        return all("/govmail/accounts", query);
    }

    private ArrayNode all(String path, Map<String, String> query) throws IOException, ServerRefusal {
        ArrayNode all = json.createArrayNode();
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, String> paged = new LinkedHashMap<>(query);
            paged.put("offset", String.valueOf(page * PAGE));
            paged.put("limit", String.valueOf(PAGE));
            JsonNode rows = client.get(path, paged);
            if (!rows.isArray()) {
                throw new IOException("the server's answer to GET " + path + " is not a list");
            }
            all.addAll((ArrayNode) rows);
            if (rows.size() < PAGE) {
                break;
            }
        }
        return all;
    }

    private static String account(CommandLine line) {
        return AdminClient.path("govmail", "accounts", line.argument(0));
    }

    private static String administrator(CommandLine line) {
        return AdminClient.path("govmail", "institutions", line.argument(0), "administrators", line.argument(1));
    }

    static Optional<String> status(Optional<String> value) throws UsageException {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String status = value.get().trim().toUpperCase(Locale.ROOT);
        if (!STATUSES.contains(status)) {
            throw new UsageException("--status must be one of PENDING, APPROVED, REJECTED, SUSPENDED, RETIRED, not '" + value.get() + "'");
        }
        return Optional.of(status);
    }

    private ObjectNode reason(CommandLine line) {
        return json.createObjectNode().put("reason", line.option("reason").orElseThrow());
    }

    private ObjectNode retirement(CommandLine line) throws UsageException {
        ObjectNode body = reason(line);
        Optional<String> at = line.option("at");
        if (at.isPresent()) {
            body.put("at", instant(at.get(), "at"));
        }
        line.option("redirect-to").ifPresent(target -> body.put("redirectTo", target));
        return body;
    }

    /** The certificate file as the API takes it: PEM text as it is, a DER .cer as base64. */
    private ObjectNode certificate(CommandLine line) throws UsageException, IOException {
        Path file = Path.of(line.argument(1));
        byte[] content;
        try {
            if (Files.size(file) > MAX_CERTIFICATE_FILE) {
                throw new UsageException(file + " is too large to be a certificate");
            }
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UsageException("no such file: " + file);
        }
        String text = new String(content, StandardCharsets.US_ASCII);
        ObjectNode body = json.createObjectNode();
        body.put("certificate", text.contains("-----BEGIN") ? text : Base64.getEncoder().encodeToString(content));
        body.put("replace", line.flag("replace"));
        return body;
    }

    private ObjectNode institution(CommandLine line) throws UsageException {
        String type = line.option("type").orElseThrow().trim().toUpperCase(Locale.ROOT);
        if (!INSTITUTION_TYPES.contains(type)) {
            throw new UsageException("--type must be one of " + INSTITUTION_TYPES.stream().sorted().toList() + ", not '"
                + line.option("type").orElseThrow() + "'");
        }
        ObjectNode body = json.createObjectNode();
        body.put("code", line.argument(0));
        body.put("name", line.option("name").orElseThrow());
        body.put("type", type);
        ArrayNode domains = body.putArray("domains");
        for (String domain : line.option("domains").orElseThrow().split(",")) {
            if (!domain.isBlank()) {
                domains.add(domain.trim());
            }
        }
        return body;
    }

    private ObjectNode appointment(CommandLine line) {
        ObjectNode body = json.createObjectNode().put("name", line.option("name").orElseThrow());
        line.option("phone").ifPresent(phone -> body.put("phone", phone));
        return body;
    }

    private static Map<String, String> auditQuery(CommandLine line) throws UsageException {
        Map<String, String> query = new LinkedHashMap<>();
        // The audit log matches ids exactly and stores them in lower case (account routes ignore case).
        for (String name : List.of("account", "actor")) {
            line.option(name).ifPresent(value -> query.put(name, value.trim().toLowerCase(Locale.ROOT)));
        }
        for (String name : List.of("action", "institution")) {
            line.option(name).ifPresent(value -> query.put(name, value.trim()));
        }
        if (line.option("limit").isPresent()) {
            query.put("limit", String.valueOf(count(line.option("limit").get(), "limit")));
        }
        for (String name : List.of("from", "to")) {
            if (line.option(name).isPresent()) {
                query.put(name, instant(line.option(name).get(), name));
            }
        }
        return query;
    }

    /**
     * Downloads next to the target and renames at the end, so an interrupted download never leaves a
     * file that looks complete. A ZIP is then opened and its manifest shown: the server cannot report an
     * error once streaming has started, so reading the archive back is how a cut-off one is noticed.
     */
    private void export(CommandLine line) throws IOException, ServerRefusal, UsageException {
        Path target = Path.of(line.option("out").orElseThrow()).toAbsolutePath();
        if (Files.exists(target)) {
            throw new UsageException(target + " exists; choose another --out");
        }
        if (!Files.isDirectory(target.getParent())) {
            throw new UsageException("no folder " + target.getParent() + " for --out");
        }
        Optional<String> folder = line.option("folder");
        Path partial = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            client.download(AdminClient.path("govmail", "accounts", line.argument(0)) + "/export", query("folder", folder), partial);
            try {
                Files.move(partial, target);
            } catch (FileAlreadyExistsException e) {
                throw new UsageException(target + " appeared while downloading; the download was not kept");
            }
        } finally {
            Files.deleteIfExists(partial);
        }
        long size = Files.size(target);
        if (folder.isPresent()) {
            out.println("written " + target + " (" + size + " bytes, mbox of folder " + folder.get() + ")");
            return;
        }
        JsonNode manifest;
        try (ZipFile zip = new ZipFile(target.toFile())) {
            ZipEntry entry = zip.getEntry("manifest.json");
            if (entry == null) {
                throw new IOException(target + " has no manifest.json: the export is incomplete");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                manifest = json.readTree(in);
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(target + " is not a complete ZIP archive (the download was cut off?): " + e.getMessage());
        }
        out.println("written " + target + " (" + size + " bytes)");
        out.print(views.manifest(manifest));
    }

    private static Map<String, String> query(String name, Optional<String> value) {
        return value.filter(present -> !present.isBlank()).map(present -> Map.of(name, present)).orElse(Map.of());
    }

    static String instant(String value, String option) throws UsageException {
        try {
            return Instant.parse(value.trim()).toString();
        } catch (DateTimeParseException e) {
            throw new UsageException("--" + option + " must be an ISO-8601 instant such as 2026-03-31T15:00:00Z, not '" + value + "'");
        }
    }

    static int count(String value, String option) throws UsageException {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + option + " must be a number of 0 or more, not '" + value + "'");
    }
}
