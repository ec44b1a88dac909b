package org.amisdk.bench;

import java.nio.file.Path;

/** One benchmark suite: measures its figures on the standard data and reports them. */
interface Suite {

  /** The suite's name, the first part of every figure it prints. */
  String name();

  /**
   * Runs the suite {@code runs} times and reports each run's figures to {@code figures}.
   *
   * @param data the directory holding ext4.img, ext4-changed.img, random.img and sparse.img
   * @param work a scratch directory, emptied by the caller afterwards
   */
  void run(Path data, Path work, int runs, Figures figures) throws Exception;
}
