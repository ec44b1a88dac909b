/**
 * Test support for storage backends: the contract suites every {@code BlockStore} and {@code
 * ObjectStore} keeps ({@link org.amisdk.testing.storage.BlockStoreContract}, {@link
 * org.amisdk.testing.storage.ObjectStoreContract}; a backend's test is a one-line subclass), and
 * wrappers that inject faults ({@link org.amisdk.testing.storage.FaultyObjectStore}, {@link
 * org.amisdk.testing.storage.FaultyBlockStore}) to test a tool's behaviour when storage fails.
 */
package org.amisdk.testing.storage;
