package org.amisdk.model;

import java.time.Instant;
import java.util.Optional;
import org.immutables.value.Value;

/** A watermark on an image: which image in which Region it came from, keyed {@code <account>:<name>}. */
@Value.Immutable
public abstract class ImageWatermark {
  ImageWatermark() {}

  /** The key, {@code <account>:<name>}. */
  public abstract String watermarkKey();

  /** The Region of the source image. */
  public abstract Optional<Region> sourceImageRegion();

  /** The source image. */
  public abstract Optional<ImageId> sourceImageId();

  /** When the source image was created. */
  public abstract Optional<Instant> sourceImageCreationTime();

  /** When the watermark was created. */
  public abstract Optional<Instant> watermarkCreationTime();

  /** A builder; {@code watermarkKey} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link ImageWatermark}. */
  public static final class Builder extends ImmutableImageWatermark.Builder {
    Builder() {}
  }

  @Value.Check
  void check() {
    Rules.notEmpty("watermark key", watermarkKey());
    Text.atMost("watermark key", watermarkKey(), 256, Ec2ErrorCode.INVALID_PARAMETER_VALUE);
  }
}
