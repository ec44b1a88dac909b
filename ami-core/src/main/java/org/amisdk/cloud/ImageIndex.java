package org.amisdk.cloud;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.amisdk.model.ImageId;

/**
 * The values of {@link RegionState}'s two image indexes: one image id held bare (the common case,
 * nothing allocated) or several, a set for the snapshot index (grown in place) and a list for the
 * name index. {@code null} is no image; each function returns the value to store.
 */
final class ImageIndex {
  private ImageIndex() {}

  /** The images of one entry of the snapshot index, unmodifiable. */
  @SuppressWarnings("unchecked")
  static Set<ImageId> users(Object users) {
    if (users == null) {
      return Set.of();
    }
    return users instanceof ImageId id ? Set.of(id) : Collections.unmodifiableSet((Set<ImageId>) users);
  }

  /** Adds in place once a snapshot has two users: copying would make many images of one snapshot quadratic. */
  @SuppressWarnings("unchecked")
  static Object addUser(Object existing, Object added) {
    if (existing instanceof ImageId id) {
      if (id.equals(added)) {
        return id;
      }
      Set<ImageId> users = new HashSet<>(4);
      users.add(id);
      users.add((ImageId) added);
      return users;
    }
    ((Set<ImageId>) existing).add((ImageId) added);
    return existing;
  }

  /** Removes in place; a last remaining user is held bare again. */
  @SuppressWarnings("unchecked")
  static Object removeUser(Object existing, ImageId id) {
    if (existing instanceof ImageId only) {
      return only.equals(id) ? null : only;
    }
    Set<ImageId> users = (Set<ImageId>) existing;
    users.remove(id);
    return users.isEmpty() ? null : users.size() == 1 ? users.iterator().next() : users;
  }

  /** The images of one entry of the name index (one name, any owner). */
  @SuppressWarnings("unchecked")
  static Collection<ImageId> ids(Object named) {
    if (named == null) {
      return List.of();
    }
    return named instanceof ImageId id ? List.of(id) : (List<ImageId>) named;
  }

  /** One name maps to a bare id (the common case, no list allocated) or to a list of ids. */
  static Object addId(Object existing, Object added) {
    List<ImageId> ids = new ArrayList<>(ids(existing));
    ids.add((ImageId) added);
    return ids;
  }

  /** Removes from a copy; a last remaining id is held bare again. */
  static Object removeId(Object existing, ImageId id) {
    List<ImageId> ids = new ArrayList<>(ids(existing));
    ids.remove(id);
    return ids.isEmpty() ? null : ids.size() == 1 ? ids.get(0) : ids;
  }
}
