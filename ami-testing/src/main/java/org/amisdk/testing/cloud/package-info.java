/**
 * A JUnit 5 extension that gives each test a fresh local cloud and checks its invariants after the
 * test; start with {@link org.amisdk.testing.cloud.LocalCloudTest}. {@link
 * org.amisdk.testing.cloud.Fixtures} builds the usual resources in one line each, and {@link
 * org.amisdk.testing.cloud.PublicImages} is a catalogue of real public images to seed. The guide
 * is {@code docs/testing.md}.
 */
package org.amisdk.testing.cloud;
