package org.amisdk.testing.cloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.model.Instance;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A durable cloud in a temporary directory: it survives a reopen, and the directory goes afterwards. */
@LocalCloudTest(durable = true)
class DurableCloudTest {
  private static Path directory;

  @Test
  void reopened_keepsTheImage_andItsBytes(TestCloud cloud) throws Exception {
    directory = cloud.directory().orElseThrow();
    assertTrue(Files.isDirectory(directory));
    byte[] root = {1, 2, 3, 4, 5};
    ImageId image = cloud.fixtures().image("kept").bytes(root).create();
    cloud.reopen();
    List<ImageId> ids = cloud.ec2().describeImages(DescribeImagesRequest.builder().addOwners("self").build())
        .images().stream().map(Image::imageId).toList();
    assertEquals(List.of(image), ids);
    Instance instance = cloud.fixtures().runningInstance(image);
    byte[] read = new byte[root.length];
    cloud.ec2().readVolume(instance.blockDeviceMappings().get(0).volumeId(), 0, read, 0, read.length);
    assertArrayEquals(root, read);
  }

  @AfterAll
  static void theDirectoryIsDeleted() {
    assertTrue(directory != null && Files.notExists(directory), "directory " + directory + " left behind");
  }
}
