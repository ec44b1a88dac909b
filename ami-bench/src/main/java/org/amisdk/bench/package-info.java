/**
 * The benchmark harness behind {@code bench/run.sh}: {@link org.amisdk.bench.Bench} runs the
 * named suites and prints one {@code bench <suite>.<figure> <value> <unit>} line per figure, each
 * the median of several runs (see the README's benchmark section).
 */
package org.amisdk.bench;
