package org.amisdk.model;

/**
 * An Availability Zone of a Region as DescribeAvailabilityZones reports it: its name ({@code
 * us-east-1a}), its id ({@code use1-az1}) and its Region; every zone of a local cloud is available.
 */
public record AvailabilityZone(String zoneName, String zoneId, Region region) {}
