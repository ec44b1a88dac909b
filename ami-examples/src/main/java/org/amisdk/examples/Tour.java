package org.amisdk.examples;

/** The tour of the examples that the README's main command runs. */
public final class Tour {
  private Tour() {}

  public static void main(String[] args) {
    System.out.println("amisdk tour");
  }
}
