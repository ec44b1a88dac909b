package org.amisdk.endpoint;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The EC2 actions an endpoint answers, by name, and how each runs. A request with {@code DryRun}
 * runs the same runner on the control plane's dry-run client ({@link Call#ec2()}), whose answer
 * is EC2's: the endpoint holds no permission rule of its own.
 */
final class ActionTable {

  /** Runs an action against the control plane and writes its answer's members to {@link Call#out()}. */
  interface Runner {
    void run(Call call);
  }

  private final Map<String, Runner> actions = new HashMap<>();

  /** Adds an action. */
  ActionTable add(String name, Runner runner) {
    if (actions.putIfAbsent(name, runner) != null) {
      throw new IllegalStateException("action " + name + " is already in the table");
    }
    return this;
  }

  /** The action named {@code name}. */
  Optional<Runner> find(String name) {
    return Optional.ofNullable(actions.get(name));
  }

  /** How many actions the table holds. */
  int size() {
    return actions.size();
  }
}
