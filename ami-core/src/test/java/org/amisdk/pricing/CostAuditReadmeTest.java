package org.amisdk.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.amisdk.audit.Audit;
import org.amisdk.audit.AuditRules;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.model.AccountId;
import org.amisdk.model.ImageId;
import org.amisdk.model.Region;
import org.junit.jupiter.api.Test;

/** The README's "Cost and audit" snippet is the block below, line for line, and it runs. */
class CostAuditReadmeTest {

  @Test
  void readmeSnippet_runs_andPricesTheImage() throws IOException {
    LocalCloud cloud = Worlds.cloud(Worlds.clock(), 5);
    ImageId ami = Worlds.image(cloud.client(Worlds.ALICE, Region.US_EAST_1), "web-1",
        Worlds.snapshotOf(cloud.client(Worlds.ALICE, Region.US_EAST_1), 1, 2).snapshotId());
    PrintStream out = System.out;
    try (PrintStream quiet = new PrintStream(PrintStream.nullOutputStream())) {
      System.setOut(quiet);
      // README:begin
      CostReport cost = CostReport.of(cloud, PriceTable.standard());   // or PriceTable.load(path): your own rates
      System.out.print(cost.toTable());                                // also toJson(), toCsv(), lines(), byImage(), ...
      ImageCost web = cost.image(ami);                                 // what deleting it saves; what it shares
      WhatIf copy = cost.ifCopied(ami, Region.US_WEST_2);              // monthly change and one-time transfer
      Audit audit = Audit.of(cloud, AuditRules.defaults()
          .withVerifiedOwners(Set.of(AccountId.parse("137112412989"))));
      System.out.print(audit.toTable());                               // findings with the saving or the risk
      // README:end
      assertEquals(0, web.monthlySaving().compareTo(cost.total()));
      assertEquals(0, copy.oneTime().compareTo(new java.math.BigDecimal("0.00001953125")), copy.oneTime().toPlainString()); // 1/1024 GiB at 0.02
      assertTrue(audit.findings().isEmpty(), audit.toTable());
    } finally {
      System.setOut(out);
    }
    List<String> source = Files.readAllLines(Path.of("src/test/java/org/amisdk/pricing/CostAuditReadmeTest.java"));
    List<String> snippet = source.subList(source.indexOf("      // README:begin") + 1, source.indexOf("      // README:end"))
        .stream().map(line -> line.substring(6)).toList();
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    String section = readme.substring(readme.indexOf("## Cost and audit"));
    String block = section.substring(section.indexOf("```java\n") + 8, section.indexOf("```\n", section.indexOf("```java\n") + 8));
    assertEquals(String.join("\n", snippet) + "\n", block, "README's cost and audit snippet differs from this test's marked block");
  }
}
