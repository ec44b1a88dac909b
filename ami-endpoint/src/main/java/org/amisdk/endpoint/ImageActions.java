package org.amisdk.endpoint;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.amisdk.cloud.CopyImageRequest;
import org.amisdk.cloud.CreateImageRequest;
import org.amisdk.cloud.DeleteSnapshotResult;
import org.amisdk.cloud.DescribeImagesRequest;
import org.amisdk.cloud.DescribeImagesResponse;
import org.amisdk.cloud.DeregisterImageRequest;
import org.amisdk.cloud.ImageAttribute;
import org.amisdk.cloud.ImageAttributeName;
import org.amisdk.cloud.ModifyImageAttributeRequest;
import org.amisdk.cloud.RegisterImageRequest;
import org.amisdk.model.Architecture;
import org.amisdk.model.BlockDeviceMapping;
import org.amisdk.model.BootMode;
import org.amisdk.model.Ec2Exception;
import org.amisdk.model.Image;
import org.amisdk.model.ImageId;
import org.amisdk.model.ImdsSupport;
import org.amisdk.model.InstanceId;
import org.amisdk.model.Region;
import org.amisdk.model.Tag;
import org.amisdk.model.TpmSupport;
import org.amisdk.model.VirtualizationType;

/** The image actions: register, describe, deregister, create, copy, attributes, deprecation, protection, block public access. */
final class ImageActions {
  private ImageActions() {}

  /** Adds the image actions to {@code table}. */
  static void addTo(ActionTable table) {
    table.add("RegisterImage", ImageActions::registerImage)
        .add("DescribeImages", ImageActions::describeImages)
        .add("DeregisterImage", ImageActions::deregisterImage)
        .add("CreateImage", ImageActions::createImage)
        .add("CopyImage", ImageActions::copyImage)
        .add("DescribeImageAttribute", ImageActions::describeImageAttribute)
        .add("ModifyImageAttribute", ImageActions::modifyImageAttribute)
        .add("ResetImageAttribute", ImageActions::resetImageAttribute)
        .add("EnableImageDeprecation", call -> {
          call.ec2().enableImageDeprecation(imageId(call), deprecateAt(call.form()));
          call.out().value("return", true);
        })
        .add("DisableImageDeprecation", imageCall((ec2, id) -> ec2.disableImageDeprecation(id), "true"))
        .add("DisableImage", imageCall((ec2, id) -> ec2.disableImage(id), "true"))
        .add("EnableImage", imageCall((ec2, id) -> ec2.enableImage(id), "true"))
        .add("EnableImageDeregistrationProtection", call -> {
          call.ec2().enableImageDeregistrationProtection(imageId(call), call.form().flag("WithCooldown"));
          call.out().text("return", "true");
        })
        .add("DisableImageDeregistrationProtection",
            imageCall((ec2, id) -> ec2.disableImageDeregistrationProtection(id), "true"))
        .add("EnableImageBlockPublicAccess", call -> {
          String state = call.form().required("ImageBlockPublicAccessState");
          if (!state.equals("block-new-sharing")) {
            throw call.form().invalid("ImageBlockPublicAccessState", state, "block-new-sharing");
          }
          call.ec2().enableImageBlockPublicAccess();
          call.out().text("imageBlockPublicAccessState", call.ec2().getImageBlockPublicAccessState());
        })
        .add("DisableImageBlockPublicAccess", call -> {
          call.ec2().disableImageBlockPublicAccess();
          call.out().text("imageBlockPublicAccessState", call.ec2().getImageBlockPublicAccessState());
        })
        .add("GetImageBlockPublicAccessState", call -> call.out()
            .text("imageBlockPublicAccessState", call.ec2().getImageBlockPublicAccessState())
            .text("managedBy", "account"));
  }

  private interface ImageCall {
    void apply(org.amisdk.cloud.Ec2 ec2, ImageId imageId);
  }

  /** An action on one {@code ImageId} answering {@code <return>}. */
  private static ActionTable.Runner imageCall(ImageCall action, String answer) {
    return call -> {
      action.apply(call.ec2(), imageId(call));
      call.out().text("return", answer);
    };
  }

  private static ImageId imageId(Call call) {
    return ImageId.parse(call.form().required("ImageId"));
  }

  private static void registerImage(Call call) {
    QueryForm form = call.form();
    Ec2Params.unsupported(form, "KernelId", "RamdiskId", "BillingProduct.1", "UefiData");
    RegisterImageRequest.Builder request = RegisterImageRequest.builder().name(form.required("Name"));
    form.get("Description").ifPresent(request::description);
    form.get("Architecture").map(Architecture::fromWireValue).ifPresent(request::architecture);
    form.get("ImageLocation").ifPresent(request::imageLocation);
    form.get("RootDeviceName").ifPresent(request::rootDeviceName);
    request.blockDeviceMappings(Ec2Params.blockDeviceMappings(form));
    form.get("VirtualizationType").map(VirtualizationType::fromWireValue).ifPresent(request::virtualizationType);
    form.bool("EnaSupport").ifPresent(request::enaSupport);
    form.get("SriovNetSupport").ifPresent(request::sriovNetSupport);
    form.get("BootMode").map(BootMode::fromWireValue).ifPresent(request::bootMode);
    form.get("TpmSupport").map(TpmSupport::fromWireValue).ifPresent(request::tpmSupport);
    form.get("ImdsSupport").map(ImdsSupport::fromWireValue).ifPresent(request::imdsSupport);
    request.tags(Ec2Params.tagsFor(form, "image"));
    call.out().value("imageId", call.ec2().registerImage(request.build()));
  }

  private static void describeImages(Call call) {
    QueryForm form = call.form();
    DescribeImagesRequest.Builder request = DescribeImagesRequest.builder()
        .imageIds(form.list("ImageId").stream().map(ImageId::parse).toList())
        .owners(form.list("Owner"))
        .executableUsers(form.list("ExecutableBy"))
        .filters(Ec2Params.filters(form));
    form.bool("IncludeDeprecated").ifPresent(request::includeDeprecated);
    form.bool("IncludeDisabled").ifPresent(request::includeDisabled);
    form.integer("MaxResults").ifPresent(request::maxResults);
    form.get("NextToken").filter(token -> !token.isEmpty()).ifPresent(request::nextToken);
    DescribeImagesResponse page = call.ec2().describeImages(request.build());
    XmlWriter out = call.out().start("imagesSet");
    page.images().forEach(image -> Ec2Xml.image(out, image));
    out.end("imagesSet");
    out.optional("nextToken", page.nextToken());
  }

  private static void deregisterImage(Call call) {
    List<DeleteSnapshotResult> results = call.ec2().deregisterImage(DeregisterImageRequest.builder()
        .imageId(imageId(call))
        .deleteAssociatedSnapshots(call.form().flag("DeleteAssociatedSnapshots"))
        .build());
    XmlWriter out = call.out().text("return", "true");
    if (!results.isEmpty()) {
      out.start("deleteSnapshotResultSet");
      results.forEach(result -> out.start("item")
          .value("snapshotId", result.snapshotId()).text("returnCode", result.returnCode()).end("item"));
      out.end("deleteSnapshotResultSet");
    }
  }

  private static void createImage(Call call) {
    QueryForm form = call.form();
    Ec2Params.unsupported(form, "BlockDeviceMapping.1.DeviceName", "SnapshotLocation", "BootModeOverride");
    Map<String, List<Tag>> tags = Ec2Params.tagSpecifications(form);
    Ec2Params.checkTypes(tags, "image", "snapshot");
    CreateImageRequest.Builder request = CreateImageRequest.builder()
        .instanceId(InstanceId.parse(form.required("InstanceId")))
        .name(form.required("Name"))
        .noReboot(form.flag("NoReboot"))
        .imageTags(tags.getOrDefault("image", List.of()))
        .snapshotTags(tags.getOrDefault("snapshot", List.of()));
    form.get("Description").ifPresent(request::description);
    call.out().value("imageId", call.ec2().createImage(request.build()));
  }

  private static void copyImage(Call call) {
    QueryForm form = call.form();
    Map<String, List<Tag>> tags = Ec2Params.tagSpecifications(form);
    Ec2Params.checkTypes(tags, "image", "snapshot");
    CopyImageRequest.Builder request = CopyImageRequest.builder()
        .sourceImageId(ImageId.parse(form.required("SourceImageId")))
        .sourceRegion(sourceRegion(form))
        .name(form.required("Name"))
        .encrypted(form.flag("Encrypted"))
        .copyImageTags(form.flag("CopyImageTags"))
        .imageTags(tags.getOrDefault("image", List.of()))
        .snapshotTags(tags.getOrDefault("snapshot", List.of()));
    form.get("Description").ifPresent(request::description);
    form.get("KmsKeyId").ifPresent(request::kmsKeyId);
    form.get("ClientToken").ifPresent(request::clientToken);
    call.out().value("imageId", call.ec2().copyImage(request.build()));
  }

  static Region sourceRegion(QueryForm form) {
    return Region.of(form.required("SourceRegion"));
  }

  private static void describeImageAttribute(Call call) {
    ImageId imageId = imageId(call);
    String name = call.form().required("Attribute");
    XmlWriter out = call.out().text("imageId", imageId.toString());
    ImageAttributeName known = attributeName(name);
    if (known != null && known != ImageAttributeName.BLOCK_DEVICE_MAPPING) {
      ImageAttribute attribute = call.ec2().describeImageAttribute(imageId, known);
      switch (known) {
        case LAUNCH_PERMISSION -> Ec2Xml.permissions(out, "launchPermission", attribute.launchPermissions());
        case DESCRIPTION -> wrapped(out, "description", attribute.description());
        case IMDS_SUPPORT -> wrapped(out, "imdsSupport", attribute.imdsSupport());
        case LAST_LAUNCHED_TIME -> wrapped(out, "lastLaunchedTime", attribute.lastLaunchedTime().map(XmlWriter::time));
        default -> wrapped(out, "deregistrationProtection", attribute.deregistrationProtection());
      }
      return;
    }
    // attributes the image itself carries: checked as DescribeImageAttribute is, read from the caller's view
    call.ec2().describeImageAttribute(imageId, ImageAttributeName.DESCRIPTION);
    Image image = call.ec2().describeImages(DescribeImagesRequest.builder().addImageIds(imageId).includeDisabled(true).build())
        .images().get(0);
    switch (name) {
      case "blockDeviceMapping" -> Ec2Xml.mappings(out, "blockDeviceMapping", image.blockDeviceMappings());
      case "kernel" -> wrapped(out, "kernel", image.kernelId());
      case "ramdisk" -> wrapped(out, "ramdisk", image.ramdiskId());
      case "productCodes" -> {
        out.start("productCodes");
        image.productCodes().forEach(code -> out.start("item").text("productCode", code.productCodeId())
            .value("type", code.type()).end("item"));
        out.end("productCodes");
      }
      case "sriovNetSupport" -> wrapped(out, "sriovNetSupport", image.sriovNetSupport());
      case "bootMode" -> wrapped(out, "bootMode", image.bootMode().map(BootMode::wireValue));
      case "tpmSupport" -> wrapped(out, "tpmSupport", image.tpmSupport().map(TpmSupport::wireValue));
      case "uefiData" -> wrapped(out, "uefiData", java.util.Optional.empty());
      default -> throw call.form().invalid("Attribute", name, "one of description, kernel, ramdisk, launchPermission, "
          + "productCodes, blockDeviceMapping, sriovNetSupport, bootMode, tpmSupport, uefiData, lastLaunchedTime, "
          + "imdsSupport, deregistrationProtection");
    }
  }

  private static void wrapped(XmlWriter out, String element, java.util.Optional<?> value) {
    out.start(element).optional("value", value).end(element);
  }

  private static ImageAttributeName attributeName(String name) {
    for (ImageAttributeName attribute : ImageAttributeName.values()) {
      if (attribute.wireValue().equals(name)) {
        return attribute;
      }
    }
    return null;
  }

  private static void modifyImageAttribute(Call call) {
    QueryForm form = call.form();
    Ec2Params.unsupported(form, "ProductCode.1");
    ModifyImageAttributeRequest.Builder request = ModifyImageAttributeRequest.builder().imageId(imageId(call));
    String attribute = form.get("Attribute").orElse("");
    Ec2Params.PermissionChange change = Ec2Params.permissionChange(form, "LaunchPermission");
    request.launchPermissionAdd(change.add()).launchPermissionRemove(change.remove());
    form.get("Description.Value").ifPresent(request::description);
    form.get("ImdsSupport.Value").map(ImdsSupport::fromWireValue).ifPresent(request::imdsSupport);
    form.get("Value").ifPresent(value -> {
      switch (attribute) {
        case "description" -> request.description(value);
        case "imdsSupport" -> request.imdsSupport(ImdsSupport.fromWireValue(value));
        default -> throw form.invalid("Attribute", attribute, "description or imdsSupport when Value is given");
      }
    });
    call.ec2().modifyImageAttribute(request.build());
    call.out().text("return", "true");
  }

  private static void resetImageAttribute(Call call) {
    String name = call.form().required("Attribute");
    ImageAttributeName attribute = attributeName(name);
    if (attribute == null) {
      throw call.form().invalid("Attribute", name, "launchPermission");
    }
    call.ec2().resetImageAttribute(imageId(call), attribute);
    call.out().text("return", "true");
  }

  private static Instant deprecateAt(QueryForm form) {
    String text = form.required("DeprecateAt");
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException again) {
        throw form.invalid("DeprecateAt", text, "a time such as 2026-01-01T00:00:00Z");
      }
    }
  }
}
