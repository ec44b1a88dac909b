package org.amisdk.testing.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.Filter;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.junit.jupiter.api.Test;

/** Seeding from describe-images JSON on the classpath and from the built-in catalogue of public images. */
@LocalCloudTest
@SeedImages(catalogue = true)
class SeedImagesTest {

  @Test
  void catalogue_answersOwnersAmazon_asEc2Does(Ec2 ec2) {
    Set<ImageId> amazon = ec2.describeImages(DescribeImagesRequest.builder().addOwners("amazon").includeDeprecated(true).build())
        .images().stream().map(Image::imageId).collect(Collectors.toSet());
    // owner alias amazon: Amazon Linux, Windows and (as EC2 reports Canonical's image) Ubuntu; not the Marketplace one
    assertEquals(Set.of(PublicImages.AMAZON_LINUX_2023, PublicImages.WINDOWS_SERVER_2022, PublicImages.UBUNTU_NOBLE_MINIMAL), amazon);
    List<Image> marketplace = ec2.describeImages(DescribeImagesRequest.builder().addOwners("aws-marketplace")
        .includeDeprecated(true).build()).images();
    assertEquals(List.of(PublicImages.MARKETPLACE_CENTOS_7), marketplace.stream().map(Image::imageId).toList());
    assertTrue(!marketplace.get(0).productCodes().isEmpty(), "the Marketplace image keeps its product code");
  }

  @Test
  void catalogue_hidesOtherOwnersDeprecatedImages_unlessIncludeDeprecated(Ec2 ec2) {
    // EC2 (DescribeImages, IncludeDeprecated): other owners' images past their DeprecationTime are left out by
    // default; on the clock's 2026-01-01 the 2024 Amazon Linux and CentOS images are, Ubuntu's and Windows' are not
    assertEquals(Set.of(PublicImages.WINDOWS_SERVER_2022, PublicImages.UBUNTU_NOBLE_MINIMAL),
        ec2.describeImages(DescribeImagesRequest.builder().build()).images().stream().map(Image::imageId).collect(Collectors.toSet()));
    List<Image> al2023 = ec2.describeImages(DescribeImagesRequest.builder().addOwners("amazon").includeDeprecated(true)
        .addFilters(Filter.of("name", "al2023-ami-*-x86_64")).build()).images();
    assertEquals(List.of(PublicImages.AMAZON_LINUX_2023), al2023.stream().map(Image::imageId).toList());
  }

  @Test
  @SeedImages("classpath:seeds/private-centos7.json")
  void annotationOnTheMethod_addsItsFile_toTheClasssSeeds(Ec2 ec2, @Account("230467396533") Ec2 owner) {
    assertEquals(List.of(ImageId.parse("ami-005edfa7e37fa41a4")), owner.describeImages(DescribeImagesRequest.builder()
        .addOwners("self").build()).images().stream().map(Image::imageId).toList());
    assertEquals(4, ec2.describeImages(DescribeImagesRequest.builder().includeDeprecated(true).build()).images().size(),
        "the private seeded image is not visible to another account; the 4 public ones are");
  }

  @Test
  void catalogue_isRealOutput_withRealIdsAndOwners() {
    List<Image> all = PublicImages.all();
    assertEquals(4, all.size());
    assertEquals(Set.of("137112412989", "099720109477", "801119661308", "679593333241"),
        all.stream().map(i -> i.ownerId().toString()).collect(Collectors.toSet()));
  }
}
