package org.govmail.auth.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Plain-text tables for the terminal: a header row, columns left-aligned by display width (so Korean
 * names line up, see {@link DisplayWidth}), two spaces between columns, no trailing spaces. Cells are
 * made single-line (a reason with a line break would tear the table apart) and cut at
 * {@code maxCellWidth} columns except in the last column, which may run on.
 */
final class TableRenderer {
    static final String ELLIPSIS = "...";
    private static final String GAP = "  ";

    private final int maxCellWidth;

    TableRenderer(int maxCellWidth) {
        if (maxCellWidth < ELLIPSIS.length() + 1) {
            throw new IllegalArgumentException("maxCellWidth too small: " + maxCellWidth);
        }
        this.maxCellWidth = maxCellWidth;
    }

    /** A table to render: headers and rows of the same length. */
    record Table(List<String> headers, List<List<String>> rows) {
        Table {
            headers = List.copyOf(headers);
            rows = rows.stream().map(row -> row.stream().map(cell -> Objects.toString(cell, "")).toList()).toList();
            for (List<String> row : rows) {
                if (row.size() != headers.size()) {
                    throw new IllegalArgumentException("row of " + row.size() + " cells under " + headers.size() + " headers");
                }
            }
        }
    }

    String render(Table table) {
        int columns = table.headers().size();
        List<List<String>> lines = new ArrayList<>();
        lines.add(table.headers().stream().map(TableRenderer::singleLine).toList());
        for (List<String> row : table.rows()) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < columns; i++) {
                String cell = singleLine(row.get(i));
                cells.add(i == columns - 1 ? cell : cut(cell));
            }
            lines.add(cells);
        }
        int[] widths = new int[columns];
        for (List<String> line : lines) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], DisplayWidth.of(line.get(i)));
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String cell = line.get(i);
                text.append(cell);
                if (i < columns - 1) {
                    text.append(" ".repeat(widths[i] - DisplayWidth.of(cell))).append(GAP);
                }
            }
            out.append(text.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** Label/value lines (one record shown vertically), aligned the same way. */
    String renderPairs(List<List<String>> pairs) {
        int width = pairs.stream().mapToInt(pair -> DisplayWidth.of(pair.get(0))).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (List<String> pair : pairs) {
            String label = singleLine(pair.get(0));
            out.append((label + " ".repeat(width - DisplayWidth.of(label)) + GAP + singleLine(Objects.toString(pair.get(1), "")))
                .stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** Control characters (line breaks, tabs, escape sequences) become spaces. */
    static String singleLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.getType(c) == Character.CONTROL ? ' ' : c));
        return out.toString();
    }

    private String cut(String cell) {
        if (DisplayWidth.of(cell) <= maxCellWidth) {
            return cell;
        }
        StringBuilder kept = new StringBuilder();
        int width = 0;
        int budget = maxCellWidth - ELLIPSIS.length();
        for (int i = 0; i < cell.length(); ) {
            int c = cell.codePointAt(i);
            int w = DisplayWidth.of(c);
            if (width + w > budget) {
                break;
            }
            kept.appendCodePoint(c);
            width += w;
            i += Character.charCount(c);
        }
        return kept + ELLIPSIS;
    }
}
