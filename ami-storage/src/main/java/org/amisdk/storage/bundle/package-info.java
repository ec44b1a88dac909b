/**
 * Instance-store image bundles: a raw image compressed (gzip or zstd), optionally encrypted with
 * AES-256-GCM, cut into parts in an {@link org.amisdk.storage.object.ObjectStore} and described by
 * a JSON manifest written last. Start at {@link org.amisdk.storage.bundle.BundleStore}; the
 * manifest model is {@link org.amisdk.storage.bundle.BundleManifest}.
 */
package org.amisdk.storage.bundle;
