package org.amisdk.endpoint;

import org.amisdk.model.Ec2ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.amisdk.cloud.DescribeTagsRequest;
import org.amisdk.cloud.DescribeTagsResponse;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.ResourceId;
import org.amisdk.model.Tag;

/** The tag actions: CreateTags, DeleteTags and DescribeTags. */
final class TagActions {
  private TagActions() {}

  /** Adds the tag actions to {@code table}. */
  static void addTo(ActionTable table) {
    table.add("CreateTags", call -> {
          call.ec2().createTags(resources(call), Ec2Params.tags(call.form()));
          call.out().text("return", "true");
        })
        .add("DeleteTags", call -> {
          List<String> keys = new ArrayList<>();
          call.form().structures("Tag").forEach(tag -> keys.add(tag.required("Key")));
          call.ec2().deleteTags(resources(call), keys);
          call.out().text("return", "true");
        })
        .add("DescribeTags", TagActions::describeTags);
  }

  private static List<ResourceId> resources(Call call) {
    List<String> resources = call.form().list("ResourceId");
    if (resources.isEmpty()) {
      throw new Ec2Exception(Ec2ErrorCode.MISSING_PARAMETER, "The request must contain the parameter ResourceId");
    }
    return resources.stream().map(ResourceId::parse).toList();
  }

  /** DescribeTags: the control plane's, filtered and paged. */
  private static void describeTags(Call call) {
    QueryForm form = call.form();
    DescribeTagsRequest.Builder request = DescribeTagsRequest.builder().filters(Ec2Params.filters(form));
    form.integer("MaxResults").ifPresent(request::maxResults);
    form.get("NextToken").filter(token -> !token.isEmpty()).ifPresent(request::nextToken);
    DescribeTagsResponse page = call.ec2().describeTags(request.build());
    XmlWriter out = call.out().start("tagSet");
    for (DescribeTagsResponse.TagDescription tag : page.tags()) {
      out.start("item").value("resourceId", tag.resourceId()).text("resourceType", tag.resourceType())
          .text("key", tag.tag().key()).text("value", tag.tag().value()).end("item");
    }
    out.end("tagSet").optional("nextToken", page.nextToken());
  }
}
