package org.govmail.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A benchmark's results: one row per workload and metric, one column per server, and the ratio of
 * each other column to the reference server (Postfix + Dovecot in {@link MailServerBenchmark}, the
 * Derby node in {@link ScaleOutBenchmark}). Printed as a Markdown table and written as CSV and JSON.
 */
final class ResultTable {
    /**
     * Whether a bigger number is better: the ratio reads differently for rates and for latencies. NONE: a
     * reading that is neither (where the CPU went), printed without a ratio.
     */
    enum Better { HIGHER, LOWER, NONE }

    record Row(String workload, String metric, String unit, Better better, Map<String, Double> values) {
    }

    private final List<String> servers;
    private final String reference;
    private final List<Row> rows = new ArrayList<>();

    ResultTable(List<String> servers, String reference) {
        this.servers = List.copyOf(servers);
        this.reference = reference;
    }

    synchronized void add(String workload, String metric, String unit, Better better, String server, double value) {
        declare(workload, metric, unit, better).values().put(server, value);
    }

    /**
     * The row, created empty at the end of the table if it is not there yet: rows appear in the order they are
     * first named, so a row only some servers fill can be put in its place before the first value arrives.
     */
    synchronized Row declare(String workload, String metric, String unit, Better better) {
        Row row = rows.stream().filter(r -> r.workload().equals(workload) && r.metric().equals(metric)).findFirst().orElse(null);
        if (row == null) {
            row = new Row(workload, metric, unit, better, new LinkedHashMap<>());
            rows.add(row);
        }
        return row;
    }

    String markdown() {
        StringBuilder out = new StringBuilder("| workload | metric |");
        for (String server : servers) {
            out.append(' ').append(server).append(" |");
        }
        for (String server : servers) {
            if (!server.equals(reference)) {
                out.append(' ').append(shortName(server)).append(" ÷ ").append(shortName(reference)).append(" |");
            }
        }
        out.append('\n').append("|---|---|").append("---:|".repeat(servers.size() * 2 - 1)).append('\n');
        for (Row row : rows) {
            out.append("| ").append(row.workload()).append(" | ").append(row.metric()).append(" (").append(row.unit()).append(") |");
            for (String server : servers) {
                out.append(' ').append(format(row.values().get(server))).append(" |");
            }
            Double base = row.values().get(reference);
            for (String server : servers) {
                if (!server.equals(reference)) {
                    Double value = row.values().get(server);
                    boolean ratio = value != null && base != null && base != 0 && !value.isNaN() && !base.isNaN() && row.better() != Better.NONE;
                    out.append(' ').append(ratio ? String.format(Locale.ROOT, "%.2f", value / base) : "").append(" |");
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    void write(Path folder) throws IOException {
        write(folder, "mailservers");
    }

    /** Writes {@code name.csv} and {@code name.json} into {@code folder}. */
    void write(Path folder, String name) throws IOException {
        Files.createDirectories(folder);
        StringBuilder csv = new StringBuilder("workload,metric,unit,better,server,value\n");
        StringBuilder json = new StringBuilder("[\n");
        boolean first = true;
        for (Row row : rows) {
            for (Map.Entry<String, Double> value : row.values().entrySet()) {
                csv.append(String.join(",", quote(row.workload()), quote(row.metric()), quote(row.unit()),
                    row.better().name().toLowerCase(Locale.ROOT), quote(value.getKey()), number(value.getValue()))).append('\n');
                json.append(first ? "" : ",\n").append(String.format(Locale.ROOT,
                    "  {\"workload\": %s, \"metric\": %s, \"unit\": %s, \"better\": \"%s\", \"server\": %s, \"value\": %s}",
                    jsonString(row.workload()), jsonString(row.metric()), jsonString(row.unit()),
                    row.better().name().toLowerCase(Locale.ROOT), jsonString(value.getKey()), number(value.getValue())));
                first = false;
            }
        }
        json.append("\n]\n");
        Files.writeString(folder.resolve(name + ".csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve(name + ".json"), json, StandardCharsets.UTF_8);
    }

    private static String shortName(String server) {
        int paren = server.indexOf(" (");
        return paren < 0 ? server : server.substring(0, paren) + (server.contains("gate off") ? " off" : server.contains("gate on") ? " on" : "");
    }

    private static String format(Double value) {
        if (value == null || value.isNaN()) {
            return "";
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.0f" : Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
    }

    private static String number(Double value) {
        return value == null || value.isNaN() ? "null" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String quote(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static String jsonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
