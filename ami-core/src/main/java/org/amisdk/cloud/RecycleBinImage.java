package org.amisdk.cloud;

import java.time.Instant;
import java.util.Optional;
import org.amisdk.model.ImageId;

/** An image in the Recycle Bin (ListImagesInRecycleBin): when it entered and when it is deleted for good. */
public record RecycleBinImage(
    ImageId imageId, Optional<String> name, Optional<String> description, Instant recycleBinEnterTime,
    Instant recycleBinExitTime) {}
