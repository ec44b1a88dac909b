package org.amisdk.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.amisdk.cloud.LocalCloud;
import org.amisdk.cloud.RecycleBin;
import org.amisdk.cloud.RecycleBinResourceType;
import org.amisdk.cloud.RetentionRule;
import org.amisdk.cloud.RetentionRuleRequest;
import org.amisdk.model.Ec2ErrorCode;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Tag;

/**
 * The Recycle Bin's rule API (rbin 2021-06-15, REST-JSON): CreateRule {@code POST /rules},
 * GetRule, UpdateRule and DeleteRule on {@code /rules/{identifier}}, ListRules {@code POST
 * /list-rules}, each one call of the caller's {@link RecycleBin}. Refusals are rbin's JSON errors:
 * the code in {@code x-amzn-ErrorType}, the message in the body. Rule locks and rule tags are
 * refused as not supported; ListRules answers one page.
 */
final class RbinProtocol implements Protocol {
  private static final Pattern RULE = Pattern.compile("/rules/([^/]+)");

  private final LocalCloud cloud;

  RbinProtocol(LocalCloud cloud) {
    this.cloud = cloud;
  }

  /** Whether an unsigned request's path is one of rbin's, to answer its refusal in rbin's shape. */
  static boolean addressed(WireRequest request) {
    return request.path().startsWith("/rules") || request.path().startsWith("/list-rules");
  }

  @Override
  public WireResponse handle(WireRequest request, Caller caller) {
    RecycleBin bin = cloud.client(caller.account(), caller.region()).recycleBin();
    try {
      return route(request, bin);
    } catch (Ec2Exception e) {
      return refusal(status(e.errorCode()), rbinCode(e.errorCode()), e.getMessage());
    } catch (IllegalArgumentException | NullPointerException e) {
      return refusal(400, Ec2ErrorCode.RBIN_VALIDATION, String.valueOf(e.getMessage()));
    } catch (UncheckedIOException | IllegalStateException e) {
      return refusal(500, "InternalServerException", e.getMessage());
    }
  }

  private static WireResponse route(WireRequest request, RecycleBin bin) {
    String path = request.path();
    String method = request.method();
    Matcher m = RULE.matcher(path);
    if (method.equals("POST") && path.equals("/rules")) {
      JsonNode body = body(request);
      unsupported(body, "LockConfiguration", "Tags");
      return rule(201, bin.createRule(spec(body, resourceType(body))));
    } else if (method.equals("POST") && path.equals("/list-rules")) {
      JsonNode body = body(request);
      unsupported(body, "LockState", "NextToken");
      List<Tag> tags = tags(body, "ResourceTags");
      ArrayNode rules = Json.mapper().createArrayNode();
      for (RetentionRule rule : bin.listRules(resourceType(body))) {
        if (rule.spec().resourceTags().containsAll(tags)) {
          ObjectNode summary = rules.addObject().put("Identifier", rule.identifier());
          rule.spec().description().ifPresent(d -> summary.put("Description", d));
          summary.set("RetentionPeriod", period(rule.spec()));
        }
      }
      ObjectNode out = Json.mapper().createObjectNode();
      out.set("Rules", rules);
      return EbsDirectProtocol.json(200, out, Map.of());
    } else if (m.matches() && method.equals("GET")) {
      return rule(200, bin.getRule(m.group(1)));
    } else if (m.matches() && method.equals("PATCH")) {
      JsonNode body = body(request);
      RetentionRule current = bin.getRule(m.group(1));
      RecycleBinResourceType type = body.has("ResourceType") ? resourceType(body) : current.spec().resourceType();
      return rule(200, bin.updateRule(m.group(1), merged(body, type, current.spec())));
    } else if (m.matches() && method.equals("DELETE")) {
      bin.deleteRule(m.group(1));
      return new WireResponse(204, Map.of(), new byte[0]);
    }
    return refusal404(method, path);
  }

  private static WireResponse refusal404(String method, String path) {
    return EbsDirectProtocol.error(404, "UnknownOperationException", null, "no Recycle Bin operation is " + method + " " + path);
  }

  // ---- reading requests

  private static JsonNode body(WireRequest request) {
    if (request.body().length == 0) {
      return Json.mapper().createObjectNode();
    }
    try {
      JsonNode body = Json.mapper().readTree(request.body());
      if (body == null || !body.isObject()) {
        throw invalid("request body is not a JSON object");
      }
      return body;
    } catch (IOException e) {
      throw invalid("request body is not JSON");
    }
  }

  private static RecycleBinResourceType resourceType(JsonNode body) {
    return RecycleBinResourceType.fromWireValue(text(body, "ResourceType").orElseThrow(() -> invalid("ResourceType is required")));
  }

  private static RetentionRuleRequest spec(JsonNode body, RecycleBinResourceType type) {
    return new RetentionRuleRequest(type, days(body), text(body, "Description"), tags(body, "ResourceTags"),
        tags(body, "ExcludeResourceTags"));
  }

  /** UpdateRule: the fields given replace the rule's; the others stay. */
  private static RetentionRuleRequest merged(JsonNode body, RecycleBinResourceType type, RetentionRuleRequest current) {
    return new RetentionRuleRequest(type,
        body.has("RetentionPeriod") ? days(body) : current.retentionDays(),
        body.has("Description") ? text(body, "Description") : current.description(),
        body.has("ResourceTags") ? tags(body, "ResourceTags") : current.resourceTags(),
        body.has("ExcludeResourceTags") ? tags(body, "ExcludeResourceTags") : current.excludeResourceTags());
  }

  private static int days(JsonNode body) {
    JsonNode period = body.path("RetentionPeriod");
    if (!period.path("RetentionPeriodUnit").asText().equals("DAYS")) {
      throw invalid("RetentionPeriod.RetentionPeriodUnit is required and is DAYS");
    }
    JsonNode value = period.path("RetentionPeriodValue");
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw invalid("RetentionPeriod.RetentionPeriodValue is required and is a whole number");
    }
    return value.asInt();
  }

  private static List<Tag> tags(JsonNode body, String field) {
    JsonNode list = body.path(field);
    if (list.isMissingNode() || list.isNull()) {
      return List.of();
    }
    if (!list.isArray() || list.size() > RetentionRuleRequest.MAX_TAGS) {
      throw invalid(field + " is not a list of at most 50 tags");
    }
    List<Tag> tags = new ArrayList<>();
    for (JsonNode tag : list) {
      tags.add(Tag.of(text(tag, "ResourceTagKey").orElseThrow(() -> invalid(field + " has a tag without ResourceTagKey")),
          text(tag, "ResourceTagValue").orElse("")));
    }
    return tags;
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw invalid(field + " is not a string");
    }
    return Optional.of(value.asText());
  }

  private static void unsupported(JsonNode body, String... fields) {
    for (String field : fields) {
      if (body.has(field)) {
        throw invalid(field + " is not supported by this local cloud (see docs/endpoint.md)");
      }
    }
  }

  private static Ec2Exception invalid(String message) {
    return new Ec2Exception(Ec2ErrorCode.RBIN_VALIDATION, message);
  }

  // ---- writing responses

  private static WireResponse rule(int status, RetentionRule rule) {
    RetentionRuleRequest spec = rule.spec();
    ObjectNode out = Json.mapper().createObjectNode().put("Identifier", rule.identifier()).put("ResourceType", spec.resourceType().wireValue());
    spec.description().ifPresent(d -> out.put("Description", d));
    out.set("RetentionPeriod", period(spec));
    out.set("ResourceTags", tagList(spec.resourceTags()));
    if (!spec.excludeResourceTags().isEmpty()) {
      out.set("ExcludeResourceTags", tagList(spec.excludeResourceTags()));
    }
    out.put("Status", rule.status());
    return EbsDirectProtocol.json(status, out, Map.of());
  }

  private static ObjectNode period(RetentionRuleRequest spec) {
    return Json.mapper().createObjectNode().put("RetentionPeriodValue", spec.retentionDays()).put("RetentionPeriodUnit", "DAYS");
  }

  private static ArrayNode tagList(List<Tag> tags) {
    ArrayNode list = Json.mapper().createArrayNode();
    tags.forEach(t -> list.addObject().put("ResourceTagKey", t.key()).put("ResourceTagValue", t.value()));
    return list;
  }

  /** rbin's code for a control-plane refusal: its own codes pass through, any other is a validation failure. */
  private static String rbinCode(String code) {
    return switch (code) {
      case Ec2ErrorCode.RBIN_RESOURCE_NOT_FOUND, Ec2ErrorCode.RBIN_QUOTA_EXCEEDED -> code;
      default -> Ec2ErrorCode.RBIN_VALIDATION;
    };
  }

  private static int status(String code) {
    return switch (code) {
      case Ec2ErrorCode.RBIN_RESOURCE_NOT_FOUND -> 404;
      case Ec2ErrorCode.RBIN_QUOTA_EXCEEDED -> 402;
      default -> 400;
    };
  }

  @Override
  public WireResponse refusal(int status, String code, String message) {
    return EbsDirectProtocol.error(status, code, null, message == null ? code : message);
  }
}
