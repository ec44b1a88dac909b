/**
 * The JSON of the AWS CLI's {@code describe-images}, {@code describe-snapshots} and {@code
 * describe-snapshot-attribute} output, read into and written from the model in {@code
 * org.amisdk.model}, which carries no JSON annotations.
 *
 * <p>Start with {@link org.amisdk.json.AwsJson}: {@code readImages}, {@code writeImages}, and the
 * same for snapshots. Input is untrusted: its size, nesting and string lengths are bounded, and any
 * bad input raises {@link org.amisdk.json.AwsJsonException} naming the key path.
 */
package org.amisdk.json;
