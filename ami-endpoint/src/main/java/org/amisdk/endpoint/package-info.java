/**
 * EC2's wire protocols in front of a {@link org.amisdk.cloud.LocalCloud}: the EC2 Query API
 * (2016-11-15) and the EBS direct APIs (2019-11-02), behind two transports, an in-process AWS SDK
 * {@code SdkHttpClient} (no socket) and an HTTP server on loopback.
 *
 * <p>Start at {@link org.amisdk.endpoint.LocalEndpoint}; {@link org.amisdk.endpoint.EndpointMain}
 * is the {@code java -jar} program. Inside, {@code Endpoint} finds the caller from the request's
 * SigV4 signature ({@code Identity}, {@code SigV4Signature}) and hands it to a protocol. The EC2
 * Query protocol reads forms with {@code QueryForm}, maps each resource area's actions in its own
 * class ({@code ImageActions}, {@code SnapshotActions}, {@code InstanceActions}, {@code
 * TagActions}, {@code RegionActions}) and writes EC2's XML with {@code XmlWriter} and {@code
 * Ec2Xml}. The handlers only translate: form parameters and REST paths to the control plane's
 * requests, its answers and refusals to EC2's XML and EBS's JSON. No EC2 rule lives here; what
 * each action honours is in {@code docs/endpoint.md}.
 */
package org.amisdk.endpoint;
