/**
 * EC2's wire protocols in front of a {@link org.amisdk.cloud.LocalCloud}: the EC2 Query API
 * (2016-11-15) and the EBS direct APIs (2019-11-02), behind two transports, an in-process AWS SDK
 * {@code SdkHttpClient} (no socket) and an HTTP server on loopback.
 *
 * <p>Start at {@link org.amisdk.endpoint.LocalEndpoint}. The handlers only translate: form
 * parameters and REST paths to the control plane's requests, its answers and refusals to EC2's
 * XML and EBS's JSON. No EC2 rule lives here.
 */
package org.amisdk.endpoint;
