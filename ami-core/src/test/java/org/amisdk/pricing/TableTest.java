package org.amisdk.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void csv_quotesCellsWithCommasQuotesAndLineBreaks() {
    Table table = new Table(List.of("a", "b"), List.of(List.of("x,y", "say \"hi\""), List.of("line\nbreak", "plain")));
    assertEquals("a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n\"line\nbreak\",plain\r\n", table.csv());
  }

  @Test
  void text_padsColumnsToTheWidestCell() {
    Table table = new Table(List.of("id", "n"), List.of(List.of("snap-1", "3")));
    assertEquals("id      n\nsnap-1  3\n", table.text());
  }

  @Test
  void rowOfTheWrongWidth_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Table(List.of("a", "b"), List.of(List.of("1"))));
  }

  @Test
  void amounts_readableToTheCentOrSixDecimals_exactForMachines() {
    assertEquals("3.00", Amounts.text(new BigDecimal("3")));
    assertEquals("0.25", Amounts.text(new BigDecimal("0.250")));
    assertEquals("0.000073", Amounts.text(new BigDecimal("0.0000732421875")));
    assertEquals("-1.50", Amounts.text(new BigDecimal("-1.5")));
    assertEquals("0.0000732421875", Amounts.exact(new BigDecimal("0.00007324218750")));
    assertEquals("0", Amounts.exact(new BigDecimal("0.000")));
    assertEquals("1200", Amounts.exact(new BigDecimal("1.2E+3")));
  }
}
