/**
 * The EBS-like block store: fixed 512 KiB blocks addressed by SHA-256, snapshots as immutable
 * block lists, writable volumes with changed-block tracking, raw image import and export, and the
 * EBS direct API operations.
 *
 * <p>Start with {@link org.amisdk.storage.block.BlockDevices#open}, which runs every operation on
 * top of a {@link org.amisdk.storage.block.BlockStore} (the tiny storage SPI, with
 * {@link org.amisdk.storage.block.BlockStore#inMemory()} and
 * {@link org.amisdk.storage.block.BlockStore#directory} backends). A directory store belongs to
 * one process, checks every record it reads, refuses to open when damaged and is salvaged
 * explicitly by {@link org.amisdk.storage.block.BlockStore#repairDirectory}, which returns a
 * {@link org.amisdk.storage.block.RepairReport}.
 */
package org.amisdk.storage.block;
