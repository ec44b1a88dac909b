/**
 * Runnable example programs, one per seed scenario, each on a durable local cloud with real bytes.
 * Start with {@link org.amisdk.examples.Tour}, which the README's main command runs and which runs
 * the scenarios in order: {@link org.amisdk.examples.ConsistentScaling}, {@link
 * org.amisdk.examples.DisasterRecovery}, {@link org.amisdk.examples.DevEnvironment}, {@link
 * org.amisdk.examples.UpdatingImage}, {@link org.amisdk.examples.SharingAndCopying}, {@link
 * org.amisdk.examples.EbsVersusInstanceStore}, {@link org.amisdk.examples.CleanupAndCost} and {@link
 * org.amisdk.examples.ImportDiskImage}. {@link org.amisdk.examples.Lab} is where each starts (a
 * cloud on a {@link org.amisdk.cloud.ManualClock}). {@link org.amisdk.examples.ModelTour} shows
 * the model without a cloud, and {@link org.amisdk.examples.ReadmeExample} is the README's "Quick
 * example".
 */
package org.amisdk.examples;
