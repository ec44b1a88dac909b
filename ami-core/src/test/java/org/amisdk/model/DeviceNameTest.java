package org.amisdk.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.regex.Pattern;
import org.amisdk.testing.Property;
import org.junit.jupiter.api.Test;

/**
 * The device-name rule (EC2's device naming: {@code /dev/sdf}, {@code /dev/xvda}, {@code xvdca}),
 * checked by hand, agrees with its regular expression {@code (/dev/)?[a-z][a-z0-9]{1,31}} on
 * random names built from the characters that matter.
 */
class DeviceNameTest {
  private static final Pattern RULE = Pattern.compile("(/dev/)?[a-z][a-z0-9]{1,31}");
  private static final String[] PIECES = {"/dev/", "/", "dev", "a", "z", "x", "0", "9", "A", "-", " ", "é", "sd", "xvd"};

  @Test
  void handWrittenCheck_agreesWithTheRegularExpression() {
    Property.check("device name check agrees with (/dev/)?[a-z][a-z0-9]{1,31}", 20_000, random -> {
      StringBuilder name = new StringBuilder();
      int pieces = random.nextInt(12);
      for (int i = 0; i < pieces; i++) {
        name.append(PIECES[random.nextInt(PIECES.length)]);
      }
      if (random.nextInt(4) == 0) {
        name.append("a".repeat(random.nextInt(40)));
      }
      String candidate = name.toString();
      boolean accepted;
      try {
        Mappings.checkDeviceName(candidate);
        accepted = true;
      } catch (Ec2Exception e) {
        assertEquals(Ec2ErrorCode.INVALID_BLOCK_DEVICE_MAPPING, e.errorCode());
        accepted = false;
      }
      assertEquals(RULE.matcher(candidate).matches(), accepted, "device name \"" + candidate + "\"");
    });
  }

  @Test
  void edgesOfTheLength_andThePrefix() {
    Mappings.checkDeviceName("/dev/xvda");
    Mappings.checkDeviceName("sd");
    Mappings.checkDeviceName("a" + "0".repeat(31));
    for (String bad : new String[] {"", "/dev/", "/dev/a", "a", "a" + "0".repeat(32), "/dev/0a", "dev/sdf", "/dev//sdf"}) {
      assertThrows(Ec2Exception.class, () -> Mappings.checkDeviceName(bad), bad);
    }
  }
}
