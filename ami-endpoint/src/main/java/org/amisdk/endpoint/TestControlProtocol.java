package org.amisdk.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.cloud.ManualClock;
import org.amisdk.json.AwsJson;
import org.amisdk.json.AwsJsonException;
import org.amisdk.model.AccountId;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Image;
import org.amisdk.model.Region;

/**
 * Test control over HTTP, for suites in any language that share one running server: requests
 * under {@value #PREFIX}, answered only when the server was started with test control on. No
 * signature is needed; the server binds to loopback. Answers are JSON; refusals are JSON with
 * {@code Code} and {@code Message}.
 *
 * <ul>
 *   <li>{@code POST /_amisdk/reset}: every region emptied, as a fresh cloud ({@link LocalCloud#reset}).
 *   <li>{@code POST /_amisdk/seed?region=R[&account=A]} with {@code aws ec2 describe-images} JSON as
 *       the body: the images (and their snapshots, as metadata) seeded into region R as {@link
 *       LocalCloud#seed} does; with {@code account}, every image is owned by that account.
 *   <li>{@code POST /_amisdk/clock/advance?seconds=N}: the cloud's {@link ManualClock} moved forward
 *       N seconds (fractions allowed); refused when the cloud's clock is not a manual one.
 *   <li>{@code GET /_amisdk/clock}: the cloud's time now.
 * </ul>
 */
final class TestControlProtocol {
  /** The path prefix reserved for test control. */
  static final String PREFIX = "/_amisdk/";
  /** The longest single advance: a century, far beyond any lifecycle timing. */
  private static final double MAX_ADVANCE_SECONDS = 100 * 365.25 * 86_400;

  private final LocalCloud cloud;

  TestControlProtocol(LocalCloud cloud) {
    this.cloud = cloud;
  }

  /** Whether {@code request} is addressed to test control. */
  static boolean addressed(WireRequest request) {
    return request.path().startsWith(PREFIX);
  }

  WireResponse handle(WireRequest request) {
    String route = request.method() + " " + request.path();
    try {
      return switch (route) {
        case "POST /_amisdk/reset" -> reset();
        case "POST /_amisdk/seed" -> seed(request);
        case "POST /_amisdk/clock/advance" -> advance(request);
        case "GET /_amisdk/clock" -> answer(200, now());
        default -> refusal(404, "UnknownControl", "no test control request is " + route);
      };
    } catch (Ec2Exception e) {
      return refusal(400, e.errorCode(), e.getMessage());
    } catch (IllegalArgumentException e) {
      return refusal(400, "InvalidParameterValue", e.getMessage());
    }
  }

  private WireResponse reset() {
    cloud.reset();
    return answer(200, Json.mapper().createObjectNode().put("Reset", true));
  }

  private WireResponse seed(WireRequest request) {
    Region region = Region.of(required(request, "region"));
    if (request.body().length > Endpoint.MAX_BODY_BYTES) {
      return refusal(413, "RequestEntityTooLarge", "seed body is over " + Endpoint.MAX_BODY_BYTES + " bytes: send the images in several seeds");
    }
    String json;
    try {
      json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(request.body())).toString();
    } catch (CharacterCodingException e) {
      return refusal(400, "InvalidParameterValue", "seed body is not UTF-8");
    }
    List<Image> images;
    try {
      images = AwsJson.readImages(json);
    } catch (AwsJsonException e) {
      return refusal(400, "InvalidParameterValue", "seed body is not describe-images JSON: " + e.getMessage());
    }
    if (request.queryParameter("account").isPresent()) {
      AccountId owner = AccountId.parse(request.queryParameter("account").get());
      images = images.stream().map(i -> (Image) Image.builder().from(i).ownerId(owner).build()).toList();
    }
    cloud.seed(region, images);
    return answer(200, Json.mapper().createObjectNode().put("Region", region.code()).put("Seeded", images.size()));
  }

  private WireResponse advance(WireRequest request) {
    if (!(cloud.clock() instanceof ManualClock clock)) {
      return refusal(409, "ClockNotManual", "the cloud's clock is " + cloud.clock() + ": only a ManualClock can be advanced");
    }
    String text = required(request, "seconds");
    double seconds;
    try {
      seconds = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("seconds '" + text + "' is not a number");
    }
    if (!(seconds >= 0 && seconds <= MAX_ADVANCE_SECONDS)) {
      throw new IllegalArgumentException("seconds " + text + " is out of range: it is 0 to " + (long) MAX_ADVANCE_SECONDS);
    }
    clock.advance(Duration.ofNanos(Math.round(seconds * 1e9)));
    return answer(200, now());
  }

  private ObjectNode now() {
    return Json.mapper().createObjectNode().put("Now", cloud.clock().instant().toString());
  }

  private static String required(WireRequest request, String name) {
    return request.queryParameter(name).filter(v -> !v.isEmpty())
        .orElseThrow(() -> new IllegalArgumentException("query parameter " + name + " is missing"));
  }

  private static WireResponse answer(int status, ObjectNode body) {
    try {
      return new WireResponse(status, Map.of("Content-Type", "application/json"), Json.mapper().writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("test control answer failed to write as JSON", e);
    }
  }

  private static WireResponse refusal(int status, String code, String message) {
    return answer(status, Json.mapper().createObjectNode().put("Code", code).put("Message", message));
  }
}
