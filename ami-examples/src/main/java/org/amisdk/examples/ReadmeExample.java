package org.amisdk.examples;

import java.util.List;
import org.amisdk.json.AwsJson;
import org.amisdk.model.AccountId;
import org.amisdk.model.Architecture;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.EbsBlockDevice;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Hypervisor;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImageState;
import org.amisdk.model.ImageType;
import org.amisdk.model.RootDeviceType;
import org.amisdk.model.SnapshotId;
import org.amisdk.model.VirtualizationType;
import org.amisdk.model.VolumeType;

/**
 * The README's "Quick example": build an image with the model, write it as AWS CLI JSON, read it
 * back, and see a rule refuse a bad value. The code between the markers is the README's snippet;
 * {@code ReadmeExampleTest} fails if the two differ.
 */
public final class ReadmeExample {
  private ReadmeExample() {}

  /** Runs the example; takes no arguments. */
  public static void main(String[] args) {
    // README:begin
    Image image = Image.builder()
        .imageId(ImageId.parse("ami-0123456789abcdef0"))
        .name("web-server-2026-01")
        .ownerId(AccountId.parse("123456789012"))
        .state(ImageState.AVAILABLE)
        .isPublic(false)
        .architecture(Architecture.ARM64)
        .imageType(ImageType.MACHINE)
        .hypervisor(Hypervisor.XEN)
        .virtualizationType(VirtualizationType.HVM)
        .rootDeviceType(RootDeviceType.EBS)
        .rootDeviceName("/dev/xvda")
        .addBlockDeviceMappings(new BlockDeviceMapping.Ebs("/dev/xvda", EbsBlockDevice.builder()
            .snapshotId(SnapshotId.parse("snap-0123456789abcdef0"))
            .volumeSize(8)
            .volumeType(VolumeType.GP3)
            .build()))
        .build();

    String json = AwsJson.writeImages(List.of(image)); // what `aws ec2 describe-images` prints
    List<Image> readBack = AwsJson.readImages(json);
    System.out.println(json);
    System.out.println("read back equal: " + readBack.equals(List.of(image)));

    try {
      EbsBlockDevice.builder().volumeSize(8).volumeType(VolumeType.GP3).iops(100).build();
    } catch (Ec2Exception e) {
      // InvalidBlockDeviceMapping: gp3 iops 100 is out of range: it must be 3000 to 80000
      System.out.println(e.errorCode() + ": " + e.getMessage());
    }
    // README:end
  }
}
