/**
 * Seeded random generators of valid model values, shipped in ami-testing so users' tests
 * can make images and snapshots. Start with {@link org.amisdk.testing.model.ModelGenerators}.
 */
package org.amisdk.testing.model;
