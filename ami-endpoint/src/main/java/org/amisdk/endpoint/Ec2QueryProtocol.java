package org.amisdk.endpoint;

import org.amisdk.model.Ec2ErrorCode;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.model.Ec2Exception;

/**
 * EC2's Query protocol (API version 2016-11-15): form parameters in, EC2's XML out. Each action
 * is read by its resource area's class ({@link ImageActions}, {@link SnapshotActions}, {@link
 * InstanceActions}, {@link TagActions}, {@link RegionActions}) and answered by the control plane;
 * every refusal is EC2's error document with EC2's code.
 */
final class Ec2QueryProtocol implements Protocol {
  /** The only API version this endpoint speaks. */
  static final String VERSION = "2016-11-15";

  private final LocalCloud cloud;
  private final ActionTable actions = new ActionTable();

  Ec2QueryProtocol(LocalCloud cloud) {
    this.cloud = cloud;
    ImageActions.addTo(actions);
    SnapshotActions.addTo(actions);
    InstanceActions.addTo(actions);
    VolumeActions.addTo(actions);
    TagActions.addTo(actions);
    RegionActions.addTo(actions);
    RecycleBinActions.addTo(actions);
  }

  @Override
  public WireResponse handle(WireRequest request, Caller caller) {
    try {
      QueryForm form = QueryForm.parse(request.body(), request.query());
      String name = form.get("Action").filter(action -> !action.isEmpty()).orElseThrow(
          () -> new Ec2Exception("MissingAction", "The request must contain the parameter Action"));
      String version = form.required("Version");
      if (!version.equals(VERSION)) {
        throw new Ec2Exception("NoSuchVersion", "The requested version (" + shorten(version)
            + ") of service AmazonEC2 does not exist: this endpoint speaks " + VERSION);
      }
      Optional<ActionTable.Runner> action = actions.find(name);
      if (action.isEmpty()) {
        throw new Ec2Exception("InvalidAction", "The action " + shorten(name) + " is not valid for this web service.");
      }
      XmlWriter out = new XmlWriter(name + "Response").text("requestId", requestId());
      boolean dryRun = form.flag("DryRun");
      Call call = new Call(form, caller, cloud, out, dryRun);
      action.get().run(call);
      if (dryRun) { // an action answered without the control plane (DescribeRegions): nothing to check
        throw new Ec2Exception(Ec2ErrorCode.DRY_RUN_OPERATION, "Request would have succeeded, but DryRun flag is set.");
      }
      return WireResponse.text(200, "text/xml;charset=UTF-8", out.finish(name + "Response"));
    } catch (Ec2Exception refused) {
      return refusal(status(refused.errorCode()), refused.errorCode(), refused.getMessage());
    } catch (IllegalArgumentException | IllegalStateException | NullPointerException invalid) {
      // a value the model refused while a request was being built from the caller's parameters
      return refusal(400, Ec2ErrorCode.INVALID_PARAMETER_VALUE, String.valueOf(invalid.getMessage()));
    } catch (UncheckedIOException storage) {
      return refusal(500, "InternalError", "the local cloud's storage failed: " + storage.getMessage());
    }
  }

  /**
   * EC2's HTTP status for an error code an action answers. An action's {@code AuthFailure} (a
   * resource the caller may not use) is 400; a request whose identity fails is refused before any
   * action, by {@link Endpoint}, with 401 or 403.
   */
  static int status(String code) {
    return switch (code) {
      case Ec2ErrorCode.UNAUTHORIZED_OPERATION -> 403;
      case Ec2ErrorCode.DRY_RUN_OPERATION -> 412;
      case "RequestEntityTooLarge" -> 413;
      case "InternalError" -> 500;
      default -> 400;
    };
  }

  @Override
  public WireResponse refusal(int status, String code, String message) {
    XmlWriter out = XmlWriter.bare("Response").start("Errors").start("Error")
        .text("Code", code).text("Message", message == null ? code : message).end("Error").end("Errors")
        .text("RequestID", requestId());
    return WireResponse.text(status, "text/xml;charset=UTF-8", out.finish("Response"));
  }

  private static String requestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  private static String shorten(String text) {
    return text.length() > 64 ? text.substring(0, 64) + "..." : text;
  }
}
