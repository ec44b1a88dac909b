package org.amisdk.endpoint;

import org.amisdk.cloud.LocalCloud;

/** The EBS direct APIs (2019-11-02): REST paths and headers in, JSON or block bytes out. */
final class EbsDirectProtocol implements Protocol {
  private final LocalCloud cloud;

  EbsDirectProtocol(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @Override
  public WireResponse handle(WireRequest request, Caller caller) {
    // SKELETON: the operations are mapped by the endpoint work that follows this commit
    return refusal(400, "ValidationException", "no operation is implemented yet for " + caller.account() + " of " + cloud);
  }

  @Override
  public WireResponse refusal(int status, String code, String message) {
    String json = "{\"Message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    return new WireResponse(status, java.util.Map.of("Content-Type", "application/json", "x-amzn-ErrorType", code),
        json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
