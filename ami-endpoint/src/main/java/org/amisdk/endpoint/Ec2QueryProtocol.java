package org.amisdk.endpoint;

import org.amisdk.cloud.LocalCloud;

/** EC2's Query protocol (API version 2016-11-15): form parameters in, EC2's XML out. */
final class Ec2QueryProtocol implements Protocol {
  private final LocalCloud cloud;

  Ec2QueryProtocol(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @Override
  public WireResponse handle(WireRequest request, Caller caller) {
    // SKELETON: the actions are mapped by the endpoint work that follows this commit
    return refusal(400, "InvalidAction", "no action is implemented yet in region " + caller.region() + " of " + cloud);
  }

  @Override
  public WireResponse refusal(int status, String code, String message) {
    String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code
        + "</Code><Message>" + message.replace("&", "&amp;").replace("<", "&lt;") + "</Message></Error></Errors>"
        + "<RequestID>00000000-0000-0000-0000-000000000000</RequestID></Response>";
    return WireResponse.text(status, "text/xml;charset=UTF-8", xml);
  }
}
