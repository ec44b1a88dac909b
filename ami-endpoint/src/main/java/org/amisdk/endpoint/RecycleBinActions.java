package org.amisdk.endpoint;

import java.util.List;
import org.amisdk.cloud.RecycleBinImage;
import org.amisdk.cloud.RecycleBinSnapshot;
import org.amisdk.model.ImageId;
import org.amisdk.model.SnapshotId;

/**
 * EC2's four Recycle Bin actions: ListImagesInRecycleBin, RestoreImageFromRecycleBin,
 * ListSnapshotsInRecycleBin, RestoreSnapshotFromRecycleBin (element names from the service model).
 * The lists answer in one page: MaxResults and NextToken are refused as unsupported.
 */
final class RecycleBinActions {
  private RecycleBinActions() {}

  /** Adds the Recycle Bin actions to {@code table}. */
  static void addTo(ActionTable table) {
    table.add("ListImagesInRecycleBin", RecycleBinActions::listImages)
        .add("ListSnapshotsInRecycleBin", RecycleBinActions::listSnapshots)
        .add("RestoreImageFromRecycleBin", call -> {
          call.ec2().recycleBin().restoreImageFromRecycleBin(imageId(call));
          call.out().text("return", "true");
        })
        .add("RestoreSnapshotFromRecycleBin", call -> Ec2Xml.snapshotMembers(call.out(),
            call.ec2().recycleBin().restoreSnapshotFromRecycleBin(snapshotId(call))));
  }

  private static ImageId imageId(Call call) {
    return ImageId.parse(call.form().required("ImageId"));
  }

  private static SnapshotId snapshotId(Call call) {
    return SnapshotId.parse(call.form().required("SnapshotId"));
  }

  private static void listImages(Call call) {
    Ec2Params.unsupported(call.form(), "MaxResults", "NextToken");
    List<ImageId> ids = call.form().list("ImageId").stream().map(ImageId::parse).toList();
    XmlWriter out = call.out().start("imageSet");
    for (RecycleBinImage image : call.ec2().recycleBin().listImagesInRecycleBin(ids)) {
      out.start("item")
          .value("imageId", image.imageId())
          .optional("name", image.name())
          .optional("description", image.description())
          .time("recycleBinEnterTime", image.recycleBinEnterTime())
          .time("recycleBinExitTime", image.recycleBinExitTime())
          .end("item");
    }
    out.end("imageSet");
  }

  private static void listSnapshots(Call call) {
    Ec2Params.unsupported(call.form(), "MaxResults", "NextToken");
    List<SnapshotId> ids = call.form().list("SnapshotId").stream().map(SnapshotId::parse).toList();
    XmlWriter out = call.out().start("snapshotSet");
    for (RecycleBinSnapshot snapshot : call.ec2().recycleBin().listSnapshotsInRecycleBin(ids)) {
      out.start("item")
          .value("snapshotId", snapshot.snapshotId())
          .time("recycleBinEnterTime", snapshot.recycleBinEnterTime())
          .time("recycleBinExitTime", snapshot.recycleBinExitTime())
          .optional("description", snapshot.description())
          .optional("volumeId", snapshot.volumeId())
          .end("item");
    }
    out.end("snapshotSet");
  }
}
