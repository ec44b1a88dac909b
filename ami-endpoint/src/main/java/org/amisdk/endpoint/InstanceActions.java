package org.amisdk.endpoint;

import org.amisdk.model.ImageId;
import org.amisdk.model.Ec2ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.amisdk.cloud.DescribeInstancesRequest;
import org.amisdk.cloud.DescribeInstancesResponse;
import org.amisdk.model.Reservation;
import org.amisdk.model.Instance;
import org.amisdk.cloud.RunInstancesRequest;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.InstanceId;
import org.amisdk.model.Tag;

/** The instance actions: run, describe, start, stop, reboot, terminate. */
final class InstanceActions {
  /** EC2's default instance type when RunInstances names none. */
  static final String DEFAULT_INSTANCE_TYPE = "m1.small";

  private InstanceActions() {}

  /** Adds the instance actions to {@code table}. */
  static void addTo(ActionTable table) {
    table.add("RunInstances", InstanceActions::runInstances)
        .add("DescribeInstances", InstanceActions::describeInstances)
        .add("StartInstances", call -> Ec2Xml.stateChanges(call.out(), call.ec2().startInstances(instanceIds(call))))
        .add("StopInstances", call -> Ec2Xml.stateChanges(call.out(), call.ec2().stopInstances(instanceIds(call))))
        .add("TerminateInstances", call -> Ec2Xml.stateChanges(call.out(), call.ec2().terminateInstances(instanceIds(call))))
        .add("RebootInstances", call -> {
          call.ec2().rebootInstances(instanceIds(call));
          call.out().text("return", "true");
        });
  }

  /** {@code InstanceId.N}, at least one. */
  private static List<InstanceId> instanceIds(Call call) {
    List<String> texts = call.form().list("InstanceId");
    if (texts.isEmpty()) {
      throw new Ec2Exception(Ec2ErrorCode.MISSING_PARAMETER, "The request must contain the parameter InstanceId");
    }
    return parseAll(texts);
  }

  private static List<InstanceId> parseAll(List<String> texts) {
    List<InstanceId> ids = new ArrayList<>(texts.size());
    texts.forEach(text -> ids.add(InstanceId.parse(text)));
    return ids;
  }

  private static void runInstances(Call call) {
    QueryForm form = call.form();
    Map<String, List<Tag>> tags = Ec2Params.tagSpecifications(form);
    Ec2Params.checkTypes(tags, "instance");
    RunInstancesRequest request = RunInstancesRequest.builder()
        .imageId(ImageId.parse(form.required("ImageId")))
        .instanceType(form.get("InstanceType").orElse(DEFAULT_INSTANCE_TYPE))
        .minCount(count(form, "MinCount"))
        .maxCount(count(form, "MaxCount"))
        .blockDeviceMappings(Ec2Params.blockDeviceMappings(form))
        .tags(tags.getOrDefault("instance", List.of()))
        .availabilityZone(form.get("Placement.AvailabilityZone"))
        .clientToken(form.get("ClientToken"))
        .build();
    List<Instance> instances = call.ec2().runInstances(request);
    reservation(call.out(), new Reservation(instances.get(0).reservationId(), call.caller().account(), instances));
  }

  /** A reservation's members, as RunInstances answers and each {@code reservationSet} item holds. */
  private static void reservation(XmlWriter out, Reservation reservation) {
    out.value("reservationId", reservation.reservationId())
        .value("ownerId", reservation.ownerId())
        .start("groupSet").end("groupSet")
        .start("instancesSet");
    reservation.instances().forEach(instance -> Ec2Xml.instance(out, instance));
    out.end("instancesSet");
  }

  private static int count(QueryForm form, String name) {
    return form.integer(name).orElseThrow(() -> new Ec2Exception(Ec2ErrorCode.MISSING_PARAMETER,
        "The request must contain the parameter " + name));
  }

  private static void describeInstances(Call call) {
    QueryForm form = call.form();
    DescribeInstancesRequest.Builder request = DescribeInstancesRequest.builder()
        .instanceIds(parseAll(form.list("InstanceId")))
        .filters(Ec2Params.filters(form));
    form.integer("MaxResults").ifPresent(request::maxResults);
    form.get("NextToken").filter(token -> !token.isEmpty()).ifPresent(request::nextToken);
    DescribeInstancesResponse page = call.ec2().describeInstances(request.build());
    XmlWriter out = call.out().start("reservationSet");
    for (Reservation reservation : page.reservations()) {
      out.start("item");
      reservation(out, reservation);
      out.end("item");
    }
    out.end("reservationSet").optional("nextToken", page.nextToken());
  }
}
