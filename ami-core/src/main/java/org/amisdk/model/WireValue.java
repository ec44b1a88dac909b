package org.amisdk.model;

/** An enum constant with the exact text EC2 uses for it on the wire (e.g. {@code x86_64}). */
public interface WireValue {
  /** EC2's text for this constant. */
  String wireValue();
}
