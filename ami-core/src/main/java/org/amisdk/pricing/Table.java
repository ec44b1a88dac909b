package org.amisdk.pricing;

import java.util.List;

/** A rectangular report: a header and rows of text, rendered as an aligned plain-text table or as CSV (RFC 4180). */
public record Table(List<String> header, List<List<String>> rows) {

  /** Copies the lists and checks every row has the header's width. */
  public Table {
    header = List.copyOf(header);
    rows = rows.stream().map(List::copyOf).toList();
    for (List<String> row : rows) {
      if (row.size() != header.size()) {
        throw new IllegalArgumentException("table row " + row + " has " + row.size() + " cells: the header has " + header.size());
      }
    }
  }

  /** Columns padded to their widest cell, two spaces apart, one line per row. */
  public String text() {
    int[] widths = new int[header.size()];
    for (List<String> row : all()) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : all()) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(i == 0 ? "" : "  ").append(row.get(i)).append(" ".repeat(widths[i] - row.get(i).length()));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** The header and rows as CSV, cells quoted when they hold a comma, quote or line break. */
  public String csv() {
    StringBuilder out = new StringBuilder();
    for (List<String> row : all()) {
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        boolean quote = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0;
        out.append(i == 0 ? "" : ",").append(quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell);
      }
      out.append("\r\n");
    }
    return out.toString();
  }

  private List<List<String>> all() {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(header), rows.stream()).toList();
  }
}
