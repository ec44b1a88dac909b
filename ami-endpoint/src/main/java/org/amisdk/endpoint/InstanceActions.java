package org.amisdk.endpoint;

import org.amisdk.model.ImageId;
import org.amisdk.model.Ec2ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    table.add("RunInstances", InstanceActions::runInstances,
            call -> DryRunChecks.visibleImage(call.ec2(), call.form().required("ImageId")))
        .add("DescribeInstances", InstanceActions::describeInstances)
        .add("StartInstances", call -> Ec2Xml.stateChanges(call.out(), call.ec2().startInstances(instanceIds(call))),
            InstanceActions::checkOwned)
        .add("StopInstances", call -> Ec2Xml.stateChanges(call.out(), call.ec2().stopInstances(instanceIds(call))),
            InstanceActions::checkOwned)
        .add("TerminateInstances",
            call -> Ec2Xml.stateChanges(call.out(), call.ec2().terminateInstances(instanceIds(call))),
            InstanceActions::checkOwned)
        .add("RebootInstances", call -> {
          call.ec2().rebootInstances(instanceIds(call));
          call.out().text("return", "true");
        }, InstanceActions::checkOwned);
  }

  private static void checkOwned(Call call) {
    DryRunChecks.ownsInstances(call, instanceIds(call));
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
        .build();
    List<Instance> instances = call.ec2().runInstances(request);
    XmlWriter out = call.out()
        .text("reservationId", reservationId(instances.get(0)))
        .value("ownerId", call.caller().account())
        .start("groupSet").end("groupSet")
        .start("instancesSet");
    instances.forEach(instance -> Ec2Xml.instance(out, instance));
    out.end("instancesSet");
  }

  private static int count(QueryForm form, String name) {
    return form.integer(name).orElseThrow(() -> new Ec2Exception(Ec2ErrorCode.MISSING_PARAMETER,
        "The request must contain the parameter " + name));
  }

  /** Each instance is reported in a reservation named after the first instance of its launch: the control plane keeps no reservations. */
  private static String reservationId(Instance instance) {
    return "r-" + instance.instanceId().hex();
  }

  private static void describeInstances(Call call) {
    Ec2Params.unsupported(call.form(), "Filter.1.Name");
    List<Instance> instances = call.ec2().describeInstances(parseAll(call.form().list("InstanceId")));
    XmlWriter out = call.out().start("reservationSet");
    for (Instance instance : instances) {
      out.start("item")
          .text("reservationId", reservationId(instance))
          .value("ownerId", instance.ownerId())
          .start("groupSet").end("groupSet")
          .start("instancesSet");
      Ec2Xml.instance(out, instance);
      out.end("instancesSet").end("item");
    }
    out.end("reservationSet");
  }
}
