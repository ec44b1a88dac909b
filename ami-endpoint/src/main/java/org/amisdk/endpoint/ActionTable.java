package org.amisdk.endpoint;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The EC2 actions an endpoint answers, by name: how each runs and, for DryRun, how it is checked. */
final class ActionTable {

  /** Runs an action against the control plane and writes its answer's members to {@link Call#out()}. */
  interface Runner {
    void run(Call call);
  }

  /**
   * The DryRun check of an action: returns when the caller would be allowed; throws {@code
   * UnauthorizedOperation} (or the refusal the call would get, such as a malformed or unknown id)
   * when not. Changes nothing.
   */
  interface Check {
    void check(Call call);
  }

  /** An action: its runner and its DryRun check. */
  record Action(Runner runner, Check check) {}

  private final Map<String, Action> actions = new HashMap<>();

  /** Adds an action that reads only: any caller may dry-run it. */
  ActionTable add(String name, Runner runner) {
    return add(name, runner, call -> {});
  }

  /** Adds an action with its DryRun check. */
  ActionTable add(String name, Runner runner, Check check) {
    if (actions.putIfAbsent(name, new Action(runner, check)) != null) {
      throw new IllegalStateException("action " + name + " is already in the table");
    }
    return this;
  }

  /** The action named {@code name}. */
  Optional<Action> find(String name) {
    return Optional.ofNullable(actions.get(name));
  }

  /** How many actions the table holds. */
  int size() {
    return actions.size();
  }
}
