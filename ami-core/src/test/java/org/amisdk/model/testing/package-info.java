/**
 * Seeded random generators of valid model values, shipped in ami-core's test-jar so users' tests
 * can make images and snapshots. Start with {@link org.amisdk.model.testing.ModelGenerators}.
 */
package org.amisdk.model.testing;
