package org.amisdk.cloud;

import static org.amisdk.cloud.World.ALICE;
import static org.amisdk.cloud.World.BOB;
import static org.amisdk.cloud.World.describe;
import static org.amisdk.cloud.World.ids;
import static org.amisdk.cloud.World.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.amisdk.model.ImageId;
import org.amisdk.model.LaunchPermission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Section 5: sharing with an organization or OU covers its member accounts; ExecutableUsers=self includes those shares. */
class OrganizationSharingTest {
  private static final String ORG = "arn:aws:organizations::111111111111:organization/o-abcdefghij";
  private static final String OU = "arn:aws:organizations::111111111111:ou/o-abcdefghij/ou-ab12-abcdefgh";

  private final World world = new World(LocalCloud.builder().organization(BOB, ORG, OU));

  @AfterEach
  void close() throws Exception {
    world.close();
  }

  private void share(ImageId image, LaunchPermission permission) {
    world.alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(image)
        .addLaunchPermissionAdd(permission).build());
  }

  @Test
  void shareWithOrganizationalUnit_coversMembersOnly() {
    ImageId image = world.image(world.alice, "org-image");
    share(image, new LaunchPermission.OrganizationalUnit(OU));
    assertEquals(List.of(image), ids(world.bob, describe().build()));
    assertEquals(List.of(image), ids(world.bob, describe().addExecutableUsers("self").build()));
    assertEquals(List.of(), ids(world.alice, describe().addExecutableUsers(BOB.toString()).build())); // only exact-account shares
    world.bob.runInstances(RunInstancesRequest.builder().imageId(image).instanceType("t3.micro").build());
    refused("AuthFailure", () -> world.carol.runInstances(RunInstancesRequest.builder().imageId(image)
        .instanceType("t3.micro").build()));
    assertEquals(List.of(), ids(world.carol, describe().build()));
  }

  @Test
  void removingAnAccountCoveredBySharedOrganization_keepsItsAccess() {
    ImageId image = world.image(world.alice, "org-image");
    share(image, new LaunchPermission.Organization(ORG));
    share(image, new LaunchPermission.Account(BOB));
    world.alice.modifyImageAttribute(ModifyImageAttributeRequest.builder().imageId(image)
        .addLaunchPermissionRemove(new LaunchPermission.Account(BOB)).build());
    assertEquals(List.of(image), ids(world.bob, describe().build()));
    assertEquals(List.of(new LaunchPermission.Organization(ORG)),
        world.alice.describeImageAttribute(image, ImageAttributeName.LAUNCH_PERMISSION).launchPermissions());
    assertEquals(ALICE, world.bob.describeImages(describe().build()).images().get(0).ownerId());
  }

  @Test
  void organizationMembership_malformedArn_refused() {
    refused("InvalidAMIAttributeItemValue", () -> LocalCloud.builder().organization(BOB, "o-abcdefghij"));
  }
}
