package org.amisdk.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's "Quick example" is the code of {@link ReadmeExample}, and it runs. */
class ReadmeExampleTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path SOURCE = Path.of("src/main/java/org/amisdk/examples/ReadmeExample.java");

  @Test
  void readmeSnippet_isTheExamplesMarkedRegion() throws IOException {
    List<String> source = Files.readAllLines(SOURCE, StandardCharsets.UTF_8);
    List<String> region = dedent(source.subList(indexOf(source, "// README:begin") + 1, indexOf(source, "// README:end")));

    List<String> readme = Files.readAllLines(README, StandardCharsets.UTF_8);
    int section = indexOf(readme, "## Quick example");
    int open = section + indexOf(readme.subList(section, readme.size()), "```java");
    int close = open + 1 + indexOf(readme.subList(open + 1, readme.size()), "```");
    List<String> snippet = readme.subList(open + 1, close);

    assertEquals(String.join("\n", region), String.join("\n", snippet),
        "README's Quick example differs from the marked region of " + SOURCE + "; copy the region into the README");
  }

  @Test
  void example_runs_andReadsBackEqual() {
    String out = Output.of(() -> ReadmeExample.main(new String[0]));
    assertTrue(out.contains("\"ImageId\": \"ami-0123456789abcdef0\""), out);
    assertTrue(out.contains("read back equal: true"), out);
    assertTrue(out.contains("InvalidBlockDeviceMapping: gp3 iops 100 is out of range: it must be 3000 to 80000"), out);
  }

  private static int indexOf(List<String> lines, String marker) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(marker)) {
        return i;
      }
    }
    throw new AssertionError("marker not found: " + marker);
  }

  private static List<String> dedent(List<String> lines) {
    int indent = lines.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
  }
}
