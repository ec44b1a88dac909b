package org.amisdk.endpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amisdk.cloud.BlockPage;
import org.amisdk.cloud.DirectApiException;
import org.amisdk.cloud.Ec2;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.cloud.SnapshotBlockData;
import org.amisdk.cloud.SnapshotBlocks;
import org.amisdk.cloud.StartSnapshotRequest;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Snapshot;
import org.amisdk.model.Tag;

/**
 * The EBS direct APIs (2019-11-02): REST paths, headers and JSON in, JSON or block bytes out,
 * each operation one call of the control plane's {@link Ec2} as the caller. Refusals are EBS's
 * JSON errors: the code in {@code x-amzn-ErrorType}, {@code message} and {@code Reason} in the body.
 */
final class EbsDirectProtocol implements Protocol {
  private static final Pattern BLOCK = Pattern.compile("/snapshots/([^/]+)/blocks/([^/]+)");
  private static final Pattern BLOCKS = Pattern.compile("/snapshots/([^/]+)/blocks");
  private static final Pattern CHANGED = Pattern.compile("/snapshots/([^/]+)/changedblocks");
  private static final Pattern COMPLETION = Pattern.compile("/snapshots/completion/([^/]+)");
  private static final String SHA256 = "SHA256";

  private final LocalCloud cloud;

  EbsDirectProtocol(LocalCloud cloud) {
    this.cloud = cloud;
  }

  /** A refusal found while reading the request, before the control plane is asked. */
  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String reason;

    BadRequest(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  @Override
  public WireResponse handle(WireRequest request, Caller caller) {
    Ec2 ec2 = cloud.client(caller.account(), caller.region());
    try {
      return route(request, ec2);
    } catch (BadRequest e) {
      return error(400, DirectApiException.VALIDATION, e.reason, e.getMessage());
    } catch (DirectApiException e) {
      return error(status(e.errorCode()), e.errorCode(), e.reason().orElse(null), e.getMessage());
    } catch (Ec2Exception e) {
      String reason = e.errorCode().startsWith("InvalidTag") || e.errorCode().startsWith("TagLimit") ? "INVALID_TAG" : "INVALID_PARAMETER_VALUE";
      return error(400, DirectApiException.VALIDATION, reason, e.getMessage());
    } catch (UncheckedIOException | IllegalStateException e) {
      return error(500, "InternalServerException", null, e.getMessage());
    }
  }

  private WireResponse route(WireRequest request, Ec2 ec2) {
    String path = request.path().endsWith("/") && request.path().length() > 1
        ? request.path().substring(0, request.path().length() - 1) : request.path();
    String method = request.method();
    Matcher m;
    if (method.equals("POST") && path.equals("/snapshots")) {
      return startSnapshot(request, ec2);
    } else if (method.equals("POST") && (m = COMPLETION.matcher(path)).matches()) {
      return completeSnapshot(m.group(1), request, ec2);
    } else if ((m = BLOCK.matcher(path)).matches() && (method.equals("PUT") || method.equals("GET"))) {
      long index = blockIndex(m.group(2));
      return method.equals("PUT") ? putSnapshotBlock(m.group(1), index, request, ec2) : getSnapshotBlock(m.group(1), index, request, ec2);
    } else if (method.equals("GET") && (m = BLOCKS.matcher(path)).matches()) {
      return listSnapshotBlocks(m.group(1), request, ec2);
    } else if (method.equals("GET") && (m = CHANGED.matcher(path)).matches()) {
      return listChangedBlocks(m.group(1), request, ec2);
    }
    return error(404, "UnknownOperationException", null, "no EBS direct operation is " + method + " " + path);
  }

  // ---- operations

  private static WireResponse startSnapshot(WireRequest request, Ec2 ec2) {
    JsonNode body = jsonBody(request);
    StartSnapshotRequest.Builder start = StartSnapshotRequest.builder().volumeSize(requiredLong(body, "VolumeSize"));
    text(body, "ParentSnapshotId").ifPresent(start::parentSnapshotId);
    text(body, "Description").ifPresent(start::description);
    text(body, "ClientToken").ifPresent(start::clientToken);
    text(body, "KmsKeyArn").ifPresent(start::kmsKeyArn);
    if (body.has("Encrypted")) {
      if (!body.get("Encrypted").isBoolean()) {
        throw new BadRequest("INVALID_PARAMETER_VALUE", "Encrypted is not true or false");
      }
      start.encrypted(body.get("Encrypted").asBoolean());
    }
    if (body.has("Timeout")) { // minutes; the control plane refuses one out of 10 to 4,320
      start.timeout((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, requiredLong(body, "Timeout"))));
    }
    for (JsonNode tag : body.path("Tags")) {
      start.addTags(Tag.of(text(tag, "Key").orElse(""), text(tag, "Value").orElse("")));
    }
    Snapshot snapshot = ec2.startSnapshot(start.build());
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("SnapshotId", snapshot.snapshotId().toString());
    out.put("OwnerId", snapshot.ownerId().toString());
    out.put("Status", snapshot.state().wireValue());
    out.put("StartTime", seconds(snapshot.startTime()));
    out.put("VolumeSize", snapshot.volumeSize());
    out.put("BlockSize", org.amisdk.storage.block.BlockStore.BLOCK_SIZE);
    snapshot.description().filter(d -> !d.isEmpty()).ifPresent(d -> out.put("Description", d));
    text(body, "ParentSnapshotId").ifPresent(p -> out.put("ParentSnapshotId", p));
    snapshot.kmsKeyId().ifPresent(k -> out.put("KmsKeyArn", k));
    ArrayNode tags = out.putArray("Tags");
    snapshot.tags().forEach(t -> tags.addObject().put("Key", t.key()).put("Value", t.value()));
    return json(201, out, Map.of());
  }

  private static WireResponse putSnapshotBlock(String snapshotId, long index, WireRequest request, Ec2 ec2) {
    long length = headerLong(request, "x-amz-Data-Length");
    String checksum = header(request, "x-amz-Checksum");
    checkAlgorithm(request);
    if (length != request.body().length) {
      throw new BadRequest("INVALID_BLOCK", "x-amz-Data-Length " + length + " is not the body's length " + request.body().length);
    }
    ec2.putSnapshotBlock(snapshotId, index, request.body(), checksum);
    return json(201, Json.mapper().createObjectNode(), Map.of("x-amz-Checksum", checksum, "x-amz-Checksum-Algorithm", SHA256));
  }

  private static WireResponse completeSnapshot(String snapshotId, WireRequest request, Ec2 ec2) {
    long count = headerLong(request, "x-amz-ChangedBlocksCount");
    if (count > Integer.MAX_VALUE) {
      throw new BadRequest("INVALID_PARAMETER_VALUE", "x-amz-ChangedBlocksCount " + count + " is out of range");
    }
    if (request.header("x-amz-Checksum").isPresent()) {
      checkAlgorithm(request);
      String aggregation = request.header("x-amz-Checksum-Aggregation-Method").orElse("LINEAR");
      if (!aggregation.equals("LINEAR")) {
        throw new BadRequest("INVALID_PARAMETER_VALUE", "x-amz-Checksum-Aggregation-Method " + aggregation + " is not LINEAR");
      }
    }
    Snapshot done = ec2.completeSnapshot(snapshotId, (int) count);
    return json(202, Json.mapper().createObjectNode().put("Status", done.state().wireValue()), Map.of());
  }

  private static WireResponse listSnapshotBlocks(String snapshotId, WireRequest request, Ec2 ec2) {
    SnapshotBlocks<SnapshotBlocks.Block> page = ec2.listSnapshotBlocks(snapshotId, page(request));
    ObjectNode out = listing(page);
    ArrayNode blocks = out.putArray("Blocks");
    page.blocks().forEach(b -> blocks.addObject().put("BlockIndex", b.blockIndex()).put("BlockToken", b.blockToken()));
    return json(200, out, Map.of());
  }

  private static WireResponse listChangedBlocks(String secondSnapshotId, WireRequest request, Ec2 ec2) {
    SnapshotBlocks<SnapshotBlocks.Changed> page =
        ec2.listChangedBlocks(request.queryParameter("firstSnapshotId"), secondSnapshotId, page(request));
    ObjectNode out = listing(page);
    ArrayNode blocks = out.putArray("ChangedBlocks");
    for (SnapshotBlocks.Changed b : page.blocks()) {
      ObjectNode block = blocks.addObject().put("BlockIndex", b.blockIndex());
      b.firstBlockToken().ifPresent(t -> block.put("FirstBlockToken", t));
      b.secondBlockToken().ifPresent(t -> block.put("SecondBlockToken", t));
    }
    return json(200, out, Map.of());
  }

  private static WireResponse getSnapshotBlock(String snapshotId, long index, WireRequest request, Ec2 ec2) {
    String token = request.queryParameter("blockToken")
        .orElseThrow(() -> new BadRequest("INVALID_BLOCK_TOKEN", "GetSnapshotBlock has no blockToken"));
    SnapshotBlockData block = ec2.getSnapshotBlock(snapshotId, index, token);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/octet-stream");
    headers.put("x-amz-Data-Length", Integer.toString(block.data().length));
    headers.put("x-amz-Checksum", block.checksum());
    headers.put("x-amz-Checksum-Algorithm", SHA256);
    headers.put("x-amzn-RequestId", UUID.randomUUID().toString());
    return new WireResponse(200, headers, block.data());
  }

  // ---- reading requests

  private static long blockIndex(String text) {
    if (!text.matches("\\d{1,18}")) {
      throw new BadRequest("INVALID_BLOCK", "block index '" + text + "' is not a non-negative whole number");
    }
    return Long.parseLong(text);
  }

  private static BlockPage page(WireRequest request) {
    return new BlockPage(
        request.queryParameter("maxResults").map(v -> (int) Math.min(Integer.MAX_VALUE, number("maxResults", v))),
        request.queryParameter("pageToken").filter(t -> !t.isEmpty()),
        request.queryParameter("startingBlockIndex").map(v -> number("startingBlockIndex", v)));
  }

  private static long number(String name, String text) {
    if (!text.matches("\\d{1,18}")) {
      throw new BadRequest("INVALID_PARAMETER_VALUE", name + " '" + text + "' is not a non-negative whole number");
    }
    return Long.parseLong(text);
  }

  private static String header(WireRequest request, String name) {
    return request.header(name).orElseThrow(() -> new BadRequest("INVALID_PARAMETER_VALUE", "header " + name + " is missing"));
  }

  private static long headerLong(WireRequest request, String name) {
    return number(name, header(request, name).trim());
  }

  private static void checkAlgorithm(WireRequest request) {
    String algorithm = header(request, "x-amz-Checksum-Algorithm");
    if (!algorithm.equals(SHA256)) {
      throw new BadRequest("INVALID_PARAMETER_VALUE", "x-amz-Checksum-Algorithm " + algorithm + " is not SHA256");
    }
  }

  private static JsonNode jsonBody(WireRequest request) {
    try {
      JsonNode body = request.body().length == 0 ? Json.mapper().createObjectNode() : Json.mapper().readTree(request.body());
      if (body == null || !body.isObject()) {
        throw new BadRequest("INVALID_PARAMETER_VALUE", "request body is not a JSON object");
      }
      return body;
    } catch (IOException e) {
      throw new BadRequest("INVALID_PARAMETER_VALUE", "request body is not JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new BadRequest("INVALID_PARAMETER_VALUE", field + " is not a string");
    }
    return Optional.of(value.asText());
  }

  private static long requiredLong(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
      throw new BadRequest("INVALID_PARAMETER_VALUE", field + " is missing or not a whole number");
    }
    return value.asLong();
  }

  // ---- writing responses

  private static ObjectNode listing(SnapshotBlocks<?> page) {
    ObjectNode out = Json.mapper().createObjectNode();
    out.put("VolumeSize", page.volumeSize());
    out.put("BlockSize", page.blockSize());
    out.put("ExpiryTime", seconds(page.expiryTime()));
    page.nextToken().ifPresent(t -> out.put("NextToken", t));
    return out;
  }

  private static double seconds(Instant time) {
    return time.getEpochSecond() + time.getNano() / 1e9;
  }

  static WireResponse json(int status, ObjectNode body, Map<String, String> extra) {
    Map<String, String> headers = new LinkedHashMap<>(extra);
    headers.put("Content-Type", "application/json");
    headers.put("x-amzn-RequestId", UUID.randomUUID().toString());
    try {
      return new WireResponse(status, headers, Json.mapper().writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response of " + body.size() + " fields failed to write as JSON", e);
    }
  }

  private static int status(String code) {
    return switch (code) {
      case DirectApiException.RESOURCE_NOT_FOUND -> 404;
      case DirectApiException.ACCESS_DENIED -> 403;
      case DirectApiException.CONFLICT -> 409;
      default -> 400;
    };
  }

  /** EBS's error shape: the code in {@code x-amzn-ErrorType}, {@code message} and the reason in the body. */
  static WireResponse error(int status, String code, String reason, String message) {
    ObjectNode body = Json.mapper().createObjectNode().put("message", message.length() > 256 ? message.substring(0, 256) : message);
    if (reason != null) {
      body.put("Reason", reason);
    }
    try {
      return new WireResponse(status, Map.of("Content-Type", "application/json", "x-amzn-ErrorType", code,
          "x-amzn-RequestId", UUID.randomUUID().toString()), Json.mapper().writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("error " + code + " failed to write as JSON", e);
    }
  }

  @Override
  public WireResponse refusal(int status, String code, String message) {
    // an oversized or incomplete body is a bad block (or a bad request) to the EBS direct APIs
    return code.equals("RequestEntityTooLarge") || code.equals("IncompleteBody")
        ? error(status, DirectApiException.VALIDATION, "INVALID_BLOCK", message)
        : error(status, code, null, message);
  }
}
