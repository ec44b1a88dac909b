/**
 * The EBS-like block store: fixed 512 KiB blocks addressed by SHA-256, snapshots as immutable
 * block lists, writable volumes with changed-block tracking, raw image import and export, and the
 * EBS direct API operations.
 *
 * <p>Start with {@link org.amisdk.storage.block.BlockDevices#open}, which runs every operation on
 * top of a {@link org.amisdk.storage.block.BlockStore} (the tiny storage SPI, with
 * {@link org.amisdk.storage.block.BlockStore#inMemory()} and
 * {@link org.amisdk.storage.block.BlockStore#directory} backends).
 */
package org.amisdk.storage.block;
