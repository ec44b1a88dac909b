package org.amisdk.cloud;

import org.amisdk.model.InstanceId;

/** What StopInstances, StartInstances or TerminateInstances did to one instance. */
public record InstanceStateChange(InstanceId instanceId, InstanceState previousState, InstanceState currentState) {}
