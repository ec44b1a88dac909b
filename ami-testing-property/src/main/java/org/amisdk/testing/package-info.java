/**
 * The seeded property-check runner every module's property tests use, {@link
 * org.amisdk.testing.Property}, and {@link org.amisdk.testing.CaseSummary}, which ends a test run
 * with a summary of the property and fuzz cases it ran. Depends on nothing of amisdk, so the
 * storage and core modules' own tests use it too; ami-testing brings it along.
 */
package org.amisdk.testing;
