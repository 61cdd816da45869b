package io.jube.e2e;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * kubectl's human-readable table output, split into cells. kubectl pads columns with at least three
 * spaces, and header cells such as "NOMINATED NODE" hold single spaces, so a run of two or more
 * spaces is the column separator.
 */
public record Table(List<String> header, List<List<String>> rows) {
    public static Table parse(String output) {
        List<List<String>> lines = output.lines().filter(l -> !l.isBlank()).map(Table::cells).toList();
        if (lines.isEmpty()) {
            return new Table(List.of(), List.of());
        }
        return new Table(lines.get(0), lines.subList(1, lines.size()));
    }

    /** The row whose first cell (NAME, or NAMESPACE with -A) equals the given value. */
    public Optional<List<String>> row(String first) {
        return rows.stream().filter(r -> !r.isEmpty() && r.get(0).equals(first)).findFirst();
    }

    /** The cell of the given column in the row starting with {@code first}. */
    public String cell(String first, String column) {
        int index = header.indexOf(column);
        List<String> row = row(first).orElseThrow(() -> new AssertionError("no row " + first + " in " + this));
        if (index < 0 || index >= row.size()) {
            throw new AssertionError("no column " + column + " in " + this);
        }
        return row.get(index);
    }

    private static List<String> cells(String line) {
        return Arrays.asList(line.strip().split("\\s{2,}"));
    }
}
