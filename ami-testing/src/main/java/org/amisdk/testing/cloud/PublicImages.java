package org.amisdk.testing.cloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.amisdk.json.AwsJson;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;

/**
 * A small catalogue of real public images, as {@code aws ec2 describe-images} printed them in
 * us-east-1 (ids, owners, aliases, names and mappings unchanged), so that lookups such as
 * {@code Owners=amazon} or a name filter find what they find on EC2. Seed it with
 * {@code @SeedImages(catalogue = true)} or {@code cloud.seed(region, PublicImages.all())}; the
 * snapshots exist as metadata only (a volume made from one reads zeros). Where each came from is
 * listed in {@code docs/testing.md}.
 */
public final class PublicImages {
  /** Amazon Linux 2023 (x86_64, owner 137112412989, alias {@code amazon}). */
  public static final ImageId AMAZON_LINUX_2023 = ImageId.parse("ami-05a03e6058638183d");
  /** Ubuntu 24.04 minimal by Canonical (x86_64, owner 099720109477). */
  public static final ImageId UBUNTU_NOBLE_MINIMAL = ImageId.parse("ami-0c447e8442d5380a3");
  /** Windows Server 2022 English Full Base (owner 801119661308, alias {@code amazon}). */
  public static final ImageId WINDOWS_SERVER_2022 = ImageId.parse("ami-0684b1bd72f4b0d55");
  /** CentOS 7 from the AWS Marketplace (owner 679593333241, alias {@code aws-marketplace}, a product code). */
  public static final ImageId MARKETPLACE_CENTOS_7 = ImageId.parse("ami-0fd48c6031f8700df");

  private static final String RESOURCE = "public-images.json";

  private PublicImages() {}

  /** Every image of the catalogue. */
  public static List<Image> all() {
    try (InputStream in = PublicImages.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("catalogue resource " + RESOURCE + " is missing from the ami-testing jar");
      }
      return AwsJson.readImages(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("catalogue resource " + RESOURCE + " failed to read", e);
    }
  }
}
