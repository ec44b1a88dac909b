package org.amisdk.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** One example per EC2 rule the model keeps; each test is named after its rule. */
class ModelRulesTest {
  private static final SnapshotId SNAP = SnapshotId.parse("snap-0123456789abcdef0");

  static Ec2Exception refused(String code, Executable build) {
    Ec2Exception e = assertThrows(Ec2Exception.class, build);
    assertEquals(code, e.errorCode(), e.getMessage());
    System.out.println("refused as expected: " + e);
    return e;
  }

  static Image.Builder linuxImage() {
    return Image.builder()
        .imageId(ImageId.parse("ami-0123456789abcdef0"))
        .state(ImageState.AVAILABLE)
        .ownerId(AccountId.parse("123456789012"))
        .isPublic(false)
        .architecture(Architecture.X86_64)
        .imageType(ImageType.MACHINE)
        .hypervisor(Hypervisor.XEN)
        .rootDeviceType(RootDeviceType.EBS)
        .virtualizationType(VirtualizationType.HVM)
        .name("my-image")
        .rootDeviceName("/dev/xvda")
        .addBlockDeviceMappings(new BlockDeviceMapping.Ebs("/dev/xvda", gp3().build()));
  }

  static EbsBlockDevice.Builder gp3() {
    return EbsBlockDevice.builder().snapshotId(SNAP).volumeSize(8).volumeType(VolumeType.GP3);
  }

  @Test
  void imageId_malformed_namesValueAndExpectation() {
    Ec2Exception e = refused("InvalidAMIID.Malformed", () -> ImageId.parse("not_an_ami_id"));
    assertTrue(e.getMessage().startsWith("Invalid id: \"not_an_ami_id\" (expecting \"ami-...\")"), e.getMessage());
  }

  @Test
  void imageId_uppercaseHex_isMalformed() {
    refused("InvalidAMIID.Malformed", () -> ImageId.parse("ami-1234567890EXAMPLE"));
  }

  @Test
  void imageId_nineHexDigits_isMalformed() {
    refused("InvalidAMIID.Malformed", () -> ImageId.parse("ami-123456789"));
  }

  @Test
  void ids_shortAndLongForms_parseBack() {
    for (String id : new String[] {"ami-5731123e", "ami-0c447e8442d5380a3"}) {
      assertEquals(id, ImageId.parse(id).toString());
    }
    assertEquals("snap-0a830c467b13fa90d", SnapshotId.parse("snap-0a830c467b13fa90d").toString());
    assertEquals("aki-88aa75e1", KernelId.parse("aki-88aa75e1").toString());
  }

  @Test
  void ids_ofDifferentKinds_areNotEqual() {
    assertFalse(ImageId.parse("ami-12345678").hex().equals(SnapshotId.parse("snap-12345679").hex()));
    assertFalse(ImageId.parse("ami-12345678").equals(KernelId.parse("aki-12345678")));
  }

  @Test
  void snapshotId_withAmiPrefix_isMalformed() {
    refused("InvalidSnapshotID.Malformed", () -> SnapshotId.parse("ami-0123456789abcdef0"));
  }

  @Test
  void accountId_elevenDigits_isMalformed() {
    refused("InvalidUserID.Malformed", () -> AccountId.parse("12345678901"));
  }

  @Test
  void region_knownCode_isTheConstant_andOtherFormsAreNamed() {
    assertTrue(Region.of("us-east-1") == Region.US_EAST_1);
    assertEquals("xx-west-9", Region.of("xx-west-9").toString());
    refused("InvalidRegion", () -> Region.of("US-EAST-1"));
    refused("InvalidRegion", () -> Region.of("useast1"));
  }

  @Test
  void enum_unknownWireValue_namesValueAndAllowedOnes() {
    Ec2Exception e = refused("InvalidParameterValue", () -> Architecture.fromWireValue("x86_65"));
    assertEquals("architecture \"x86_65\" is not one of i386, x86_64, arm64, x86_64_mac, arm64_mac", e.getMessage());
    refused("UnknownVolumeType", () -> VolumeType.fromWireValue("gp4"));
    assertEquals(Platform.WINDOWS, Platform.fromWireValue("windows"));
    assertEquals(RootDeviceType.INSTANCE_STORE, RootDeviceType.fromWireValue("instance-store"));
  }

  @Test
  void name_twoCharacters_isMalformed() {
    Ec2Exception e = refused("InvalidAMIName.Malformed", () -> linuxImage().name("ab").build());
    assertTrue(e.getMessage().contains("\"ab\"") && e.getMessage().contains("between 3 and 128"), e.getMessage());
  }

  @Test
  void name_threeAnd128Characters_areAccepted() {
    linuxImage().name("abc").build();
    linuxImage().name("a".repeat(128)).build();
    refused("InvalidAMIName.Malformed", () -> linuxImage().name("a".repeat(129)).build());
  }

  @Test
  void name_withComma_isMalformed() {
    refused("InvalidAMIName.Malformed", () -> linuxImage().name("web,server").build());
  }

  @Test
  void description_256Characters_isRefused() {
    linuxImage().description("d".repeat(255)).build();
    refused("InvalidParameterValue", () -> linuxImage().description("d".repeat(256)).build());
  }

  @Test
  void ebsRoot_withoutRootMapping_isRefused() {
    refused("InvalidBlockDeviceMapping", () -> linuxImage().rootDeviceName("/dev/sda1").build());
  }

  @Test
  void ebsRoot_onEphemeral_isRefused() {
    refused("InvalidBlockDeviceMapping", () -> linuxImage()
        .blockDeviceMappings(java.util.List.of(new BlockDeviceMapping.Ephemeral("/dev/xvda", "ephemeral0"))).build());
  }

  @Test
  void rootVolume_st1_isUnsupportedForBoot() {
    EbsBlockDevice st1 = EbsBlockDevice.builder().volumeSize(500).volumeType(VolumeType.ST1).build();
    refused("BootForVolumeTypeUnsupported", () -> linuxImage()
        .blockDeviceMappings(java.util.List.of(new BlockDeviceMapping.Ebs("/dev/xvda", st1))).build());
  }

  @Test
  void mapping_sameDeviceTwice_isRefused() {
    refused("InvalidBlockDeviceMapping", () -> linuxImage()
        .addBlockDeviceMappings(new BlockDeviceMapping.NoDevice("/dev/xvda")).build());
  }

  @Test
  void instanceStoreImage_withoutMappings_isAccepted() {
    Image image = linuxImage().rootDeviceType(RootDeviceType.INSTANCE_STORE)
        .blockDeviceMappings(java.util.List.of()).virtualizationType(VirtualizationType.PARAVIRTUAL)
        .kernelId(KernelId.parse("aki-c362fff9")).build();
    assertEquals(RootDeviceType.INSTANCE_STORE, image.rootDeviceType());
  }

  @Test
  void kernel_onKernelImage_isRefused() {
    refused("InvalidParameterValue", () -> linuxImage().imageType(ImageType.KERNEL).kernelId(KernelId.parse("aki-c362fff9")).build());
  }

  @Test
  void mapping_ebsAndNoDevice_isRefused() {
    Ec2Exception e = refused("InvalidBlockDeviceMapping",
        () -> BlockDeviceMapping.fromWireFields("/dev/sdb", gp3().build(), null, ""));
    assertEquals("block device mapping for /dev/sdb has both Ebs and NoDevice: "
        + "a mapping has exactly one of Ebs, VirtualName and NoDevice", e.getMessage());
  }

  @Test
  void mapping_noTarget_isRefused() {
    refused("InvalidBlockDeviceMapping", () -> BlockDeviceMapping.fromWireFields("/dev/sdb", null, null, null));
  }

  @Test
  void mapping_noDeviceWithText_isRefused() {
    refused("InvalidBlockDeviceMapping", () -> BlockDeviceMapping.fromWireFields("/dev/sdb", null, null, "yes"));
  }

  @Test
  void mapping_eachWireKind_becomesItsVariant() {
    assertTrue(BlockDeviceMapping.fromWireFields("/dev/sdb", null, null, "") instanceof BlockDeviceMapping.NoDevice);
    assertTrue(BlockDeviceMapping.fromWireFields("xvdcz", null, "ephemeral25", null) instanceof BlockDeviceMapping.Ephemeral);
    assertTrue(BlockDeviceMapping.fromWireFields("/dev/sdf", gp3().build(), null, null) instanceof BlockDeviceMapping.Ebs);
  }

  @Test
  void ephemeral26_isMalformed() {
    refused("InvalidBlockDeviceMapping", () -> new BlockDeviceMapping.Ephemeral("/dev/sdb", "ephemeral26"));
  }

  @Test
  void deviceName_withSpace_isMalformed() {
    refused("InvalidBlockDeviceMapping", () -> new BlockDeviceMapping.NoDevice("/dev/sd b"));
  }

  @Test
  void gp3_100iops_isRefused() {
    Ec2Exception e = refused("InvalidBlockDeviceMapping", () -> gp3().iops(100).build());
    assertEquals("gp3 iops 100 is out of range: it must be 3000 to 80000", e.getMessage());
  }

  @Test
  void gp3_iopsAndThroughputBoundaries_areAccepted() {
    gp3().iops(3000).throughput(125).build();
    gp3().iops(80000).throughput(2000).build();
    refused("InvalidBlockDeviceMapping", () -> gp3().iops(80001).build());
    refused("InvalidBlockDeviceMapping", () -> gp3().throughput(124).build());
    refused("InvalidBlockDeviceMapping", () -> gp3().throughput(2001).build());
  }

  @Test
  void io2_iopsUpTo256000_andRequired() {
    EbsBlockDevice.builder().volumeSize(4).volumeType(VolumeType.IO2).iops(256_000).build();
    refused("InvalidBlockDeviceMapping", () -> EbsBlockDevice.builder().volumeSize(4).volumeType(VolumeType.IO2).iops(256_001).build());
    refused("InvalidBlockDeviceMapping", () -> EbsBlockDevice.builder().volumeSize(4).volumeType(VolumeType.IO1).build());
    refused("InvalidBlockDeviceMapping", () -> EbsBlockDevice.builder().volumeSize(4).volumeType(VolumeType.IO1).iops(64_001).build());
  }

  @Test
  void gp2_withIops_isRefused() {
    refused("InvalidBlockDeviceMapping", () -> EbsBlockDevice.builder().volumeSize(8).volumeType(VolumeType.GP2).iops(3000).build());
    refused("InvalidBlockDeviceMapping", () -> EbsBlockDevice.builder().volumeSize(8).iops(3000).build());
  }

  @Test
  void throughput_onIo1_isRefused() {
    refused("InvalidBlockDeviceMapping",
        () -> EbsBlockDevice.builder().volumeSize(8).volumeType(VolumeType.IO1).iops(100).throughput(125).build());
  }

  @Test
  void volumeSize_perType_limits() {
    EbsBlockDevice.builder().volumeSize(1024).volumeType(VolumeType.STANDARD).build();
    refused("InvalidBlockDeviceMapping", () -> EbsBlockDevice.builder().volumeSize(1025).volumeType(VolumeType.STANDARD).build());
    refused("InvalidBlockDeviceMapping", () -> EbsBlockDevice.builder().volumeSize(124).volumeType(VolumeType.SC1).build());
    refused("InvalidBlockDeviceMapping", () -> EbsBlockDevice.builder().volumeSize(16_385).build());
    EbsBlockDevice.builder().volumeSize(65_536).volumeType(VolumeType.GP3).build();
  }

  @Test
  void ebs_withoutSnapshotOrSize_isRefusedInAnImage_butIsAnOverride() {
    EbsBlockDevice partial = EbsBlockDevice.builder().volumeType(VolumeType.GP3).build(); // a RunInstances override
    refused("InvalidBlockDeviceMapping", partial::checkComplete);
    refused("InvalidBlockDeviceMapping", () -> linuxImage()
        .rootDeviceType(RootDeviceType.EBS).rootDeviceName("/dev/xvda")
        .blockDeviceMappings(List.of(new BlockDeviceMapping.Ebs("/dev/xvda", partial))).build());
  }

  @Test
  void kmsKey_onUnencryptedVolume_isRefused() {
    refused("InvalidBlockDeviceMapping", () -> gp3().kmsKeyId("arn:aws:kms:us-east-1:123456789012:key/abc").build());
    gp3().encrypted(true).kmsKeyId("arn:aws:kms:us-east-1:123456789012:key/abc").build();
  }

  @Test
  void launchPermission_twoPrincipals_isRefused() {
    Ec2Exception e = refused("InvalidParameterCombination",
        () -> LaunchPermission.fromWireFields("123456789012", "all", null, null));
    assertTrue(e.getMessage().startsWith("launch permission names 2 principals"), e.getMessage());
  }

  @Test
  void launchPermission_eachWireKind_becomesItsVariant() {
    assertEquals(LaunchPermission.EVERYONE, LaunchPermission.fromWireFields(null, "all", null, null));
    assertEquals(new LaunchPermission.Account(AccountId.parse("123456789012")),
        LaunchPermission.fromWireFields("123456789012", null, null, null));
    assertTrue(LaunchPermission.fromWireFields(null, null, "arn:aws:organizations::123456789012:organization/o-abcdef1234", null)
        instanceof LaunchPermission.Organization);
    assertTrue(LaunchPermission.fromWireFields(null, null, null,
        "arn:aws:organizations::123456789012:ou/o-abcdef1234/ou-ab12-abcdef12") instanceof LaunchPermission.OrganizationalUnit);
  }

  @Test
  void launchPermission_groupOtherThanAll_isRefused() {
    refused("InvalidAMIAttributeItemValue", () -> LaunchPermission.fromWireFields(null, "everyone", null, null));
  }

  @Test
  void launchPermission_bareOrganizationId_isRefused() {
    refused("InvalidAMIAttributeItemValue", () -> new LaunchPermission.Organization("o-abcdef1234"));
  }

  @Test
  void tag_awsPrefix_isReservedForUsers_butReadable() {
    refused("InvalidTagKey.Malformed", () -> Tag.of("aws:cloudformation:stack-name", "x"));
    assertTrue(Tag.reported("aws:cloudformation:stack-name", "x").isReserved());
  }

  @Test
  void tag_key128Characters_isAccepted_129Refused() {
    Tag.of("k".repeat(128), "v");
    Tag.of("\uD83D\uDE80".repeat(128), "v");
    refused("InvalidTagKey.Malformed", () -> Tag.of("k".repeat(129), "v"));
    refused("InvalidTagKey.Malformed", () -> Tag.of("", "v"));
    Tag.of("k", "v".repeat(256));
    refused("InvalidParameterValue", () -> Tag.of("k", "v".repeat(257)));
  }

  @Test
  void tags_51UserTags_exceedLimit_systemTagsDoNotCount() {
    Image.Builder image = linuxImage();
    for (int i = 0; i < 50; i++) {
      image.addTags(Tag.of("k" + i, "v"));
    }
    image.addTags(Tag.reported("aws:system", "v"));
    image.build();
    refused("TagLimitExceeded", () -> image.addTags(Tag.of("k50", "v")).build());
  }

  @Test
  void tags_duplicateKey_isRefused() {
    refused("InvalidParameterValue", () -> linuxImage().addTags(Tag.of("Name", "a"), Tag.of("Name", "b")).build());
  }

  static Snapshot.Builder snapshot() {
    return Snapshot.builder().snapshotId(SNAP).state(SnapshotState.COMPLETED).ownerId(AccountId.parse("123456789012"))
        .startTime(Instant.parse("2024-01-01T00:00:00Z")).volumeSize(8);
  }

  @Test
  void snapshot_completedAt87Percent_isRefused() {
    snapshot().progress(100).build();
    refused("InvalidParameterValue", () -> snapshot().progress(87).build());
    snapshot().state(SnapshotState.PENDING).progress(87).build();
    refused("InvalidParameterValue", () -> snapshot().state(SnapshotState.PENDING).progress(101).build());
  }

  @Test
  void snapshot_completionBeforeStart_isRefused() {
    refused("InvalidParameterValue", () -> snapshot().completionTime(Instant.parse("2023-12-31T23:59:59Z")).build());
  }

  @Test
  void snapshot_kmsKeyWithoutEncryption_isRefused() {
    refused("InvalidParameterValue", () -> snapshot().kmsKeyId("arn:aws:kms:us-east-1:123456789012:key/abc").build());
  }

  @Test
  void snapshot_volumeSizeZero_isRefused() {
    refused("InvalidParameterValue", () -> snapshot().volumeSize(0).build());
  }

  @Test
  void builder_missingRequiredField_isCallerMisuse() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Image.builder().build());
    assertTrue(e.getMessage().contains("imageId"), e.getMessage());
  }
}
