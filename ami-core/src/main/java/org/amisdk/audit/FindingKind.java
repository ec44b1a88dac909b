package org.amisdk.audit;

/** What an audit finding is about; {@link #wireValue()} is its name in JSON and CSV. */
public enum FindingKind {
  /** A snapshot made for an image that is deregistered. */
  SNAPSHOT_OF_DEREGISTERED_IMAGE("snapshot-of-deregistered-image"),
  /** A snapshot no image or volume uses. */
  UNREFERENCED_SNAPSHOT("unreferenced-snapshot"),
  /** An image not launched for the rules' number of days. */
  UNUSED_IMAGE("unused-image"),
  /** An image with a newer version of the same name family. */
  SUPERSEDED_IMAGE("superseded-image"),
  /** A deprecated image that is still launched. */
  DEPRECATED_IMAGE_IN_USE("deprecated-image-in-use"),
  /** An image anyone may launch. */
  PUBLIC_IMAGE("public-image"),
  /** An image shared with accounts outside the allow-list. */
  IMAGE_SHARED_OUTSIDE("image-shared-outside"),
  /** A snapshot anyone may create volumes from. */
  PUBLIC_SNAPSHOT("public-snapshot"),
  /** An encrypted snapshot that is meant to be shared but cannot be. */
  UNSHAREABLE_ENCRYPTED_SNAPSHOT("unshareable-encrypted-snapshot"),
  /** An instance launched from a community image of an owner not in the verified list. */
  LAUNCHED_FROM_UNVERIFIED("launched-from-unverified"),
  /** An image copied from a community image of an owner not in the verified list. */
  COPIED_FROM_UNVERIFIED("copied-from-unverified"),
  /** An image older than the rules' age. */
  OLD_IMAGE("old-image"),
  /** A snapshot untouched for the rules' days whose archive saving beats the retrieval risk. */
  ARCHIVE_CANDIDATE("archive-candidate");

  private final String wire;

  FindingKind(String wire) {
    this.wire = wire;
  }

  /** The kebab-case name. */
  public String wireValue() {
    return wire;
  }
}
