/**
 * Runnable example programs. Start with {@link org.amisdk.examples.Tour}, which the README's main
 * command runs, and {@link org.amisdk.examples.ReadmeExample}, the README's "Quick example".
 */
package org.amisdk.examples;
