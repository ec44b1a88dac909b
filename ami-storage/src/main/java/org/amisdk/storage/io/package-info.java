/**
 * File-system durability and integrity shared by the directory backends:
 * {@link org.amisdk.storage.io.DurableFiles} writes a file under a temporary name, forces it to
 * disk, renames it atomically into place and forces the directory, so a crash never leaves a
 * half-written file under its final name; {@link org.amisdk.storage.io.DirectoryLock} makes a
 * store directory belong to one process at a time; {@link org.amisdk.storage.io.DamagedFileException}
 * is how a store names damage it refuses to guess about; {@link org.amisdk.storage.io.RawImageFile}
 * writes an exported or unbundled disk image, its zero ranges left holes, with direct I/O where the
 * file system allows it.
 */
package org.amisdk.storage.io;
