package org.amisdk.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.amisdk.cloud.Ec2;
import org.amisdk.model.Instance;
import org.amisdk.model.VolumeId;
import org.amisdk.storage.ProgressListener;
/** Small helpers the examples share: where to run, reading volumes back, and numbers in words. */
public final class Examples {
  private static final int CHUNK = 8 << 20;

  private Examples() {}

  /** The directory named by {@code args[0]}, or a new temporary one named after the example. */
  public static Path directory(String[] args, String example) throws IOException {
    return args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("amisdk-" + example + "-");
  }

  /** The volume attached at the instance's root device. */
  public static VolumeId rootVolume(Instance instance) {
    String root = instance.rootDeviceName().orElse(Lab.ROOT);
    return instance.blockDeviceMappings().stream().filter(a -> a.deviceName().equals(root)).findFirst()
        .orElseThrow(() -> new IllegalStateException("instance " + instance.instanceId() + " has no EBS volume at its root " + root))
        .volumeId();
  }

  /**
   * Whether the whole volume reads {@code expected} from offset 0 and zeros after it: every byte of
   * it is read and compared.
   */
  public static boolean sameContent(Ec2 ec2, VolumeId volume, byte[] expected) {
    long size = (long) ec2.describeVolumes(java.util.List.of(volume)).get(0).size() << 30;
    byte[] chunk = new byte[CHUNK];
    byte[] zeros = new byte[CHUNK];
    for (long position = 0; position < size; position += CHUNK) {
      ec2.readVolume(volume, position, chunk, 0, CHUNK);
      int from = 0;
      if (position < expected.length) {
        int overlap = (int) Math.min(CHUNK, expected.length - position);
        if (!Arrays.equals(chunk, 0, overlap, expected, (int) position, (int) position + overlap)) {
          return false;
        }
        from = overlap;
      }
      if (!Arrays.equals(chunk, from, CHUNK, zeros, from, CHUNK)) {
        return false;
      }
    }
    return true;
  }

  /** A listener that prints a long step's progress at each quarter. */
  public static ProgressListener progress(PrintStream out, String step) {
    int[] shown = {-1};
    return (phase, done, total) -> {
      int quarter = total > 0 ? (int) (done * 4 / total) : 0;
      if (quarter != shown[0]) {
        shown[0] = quarter;
        out.printf("  %s: %s of %s (%d%%)%n", step, size(done), size(total), quarter * 25);
      }
      return true;
    };
  }

  /** A byte count for people: {@code 3.0 MiB}, {@code 512 KiB}, {@code 8 GiB}. */
  public static String size(long bytes) {
    if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
      return (bytes >> 30) + " GiB";
    }
    if (bytes >= 1L << 20) {
      return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }
    return String.format(java.util.Locale.ROOT, "%d KiB", bytes >> 10);
  }
}
