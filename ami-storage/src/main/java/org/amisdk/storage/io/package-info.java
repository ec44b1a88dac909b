/**
 * File-system durability shared by the directory backends: {@link org.amisdk.storage.io.DurableFiles}
 * writes a file under a temporary name, forces it to disk, renames it atomically into place and
 * forces the directory, so a crash never leaves a half-written file under its final name.
 */
package org.amisdk.storage.io;
