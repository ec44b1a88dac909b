package org.amisdk.cloud;

import java.util.Map;
import java.util.Optional;
import org.amisdk.model.Architecture;

/** The built-in instance types: architecture, and instance-store capacity (0 for EBS-only types). */
final class InstanceTypes {
  /** One type's facts. */
  record Type(String name, Architecture architecture, int instanceStoreVolumes, int instanceStoreGiB) {}

  private static final Map<String, Type> TYPES = Map.ofEntries(
      type("m1.small", Architecture.X86_64, 1, 160), // RunInstances' default when no InstanceType is given
      type("t2.micro", Architecture.X86_64, 0, 0),
      type("t2.small", Architecture.X86_64, 0, 0),
      type("t3.micro", Architecture.X86_64, 0, 0),
      type("t3.small", Architecture.X86_64, 0, 0),
      type("t3.medium", Architecture.X86_64, 0, 0),
      type("t4g.micro", Architecture.ARM64, 0, 0),
      type("m5.large", Architecture.X86_64, 0, 0),
      type("m5d.large", Architecture.X86_64, 1, 75),
      type("c5.large", Architecture.X86_64, 0, 0),
      type("r5.large", Architecture.X86_64, 0, 0),
      type("m6g.large", Architecture.ARM64, 0, 0),
      type("m7g.large", Architecture.ARM64, 0, 0),
      type("c7g.large", Architecture.ARM64, 0, 0),
      type("c3.large", Architecture.X86_64, 2, 16),
      type("m3.medium", Architecture.X86_64, 1, 4),
      type("m3.large", Architecture.X86_64, 1, 32),
      type("i3.large", Architecture.X86_64, 1, 475));

  private InstanceTypes() {}

  private static Map.Entry<String, Type> type(String name, Architecture architecture, int volumes, int gib) {
    return Map.entry(name, new Type(name, architecture, volumes, gib));
  }

  static Optional<Type> find(String name) {
    return Optional.ofNullable(TYPES.get(name));
  }
}
