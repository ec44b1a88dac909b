/**
 * Hygiene audits of a local cloud: waste (orphaned snapshots, unused and superseded images,
 * archive candidates), exposure (public or widely shared images and snapshots, encrypted
 * snapshots that cannot be shared) and untrusted sources. Start with {@code Audit.of(cloud,
 * AuditRules.defaults())}; each {@link org.amisdk.audit.Finding} names the resource, why it
 * matters, and the monthly saving or the risk.
 */
package org.amisdk.audit;
