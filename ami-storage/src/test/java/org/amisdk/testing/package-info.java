/**
 * Test support shipped in ami-storage's test-jar: {@link org.amisdk.testing.Property}, the
 * seeded property-check runner every module's property tests use.
 */
package org.amisdk.testing;
