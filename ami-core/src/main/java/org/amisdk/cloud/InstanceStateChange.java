package org.amisdk.cloud;

import org.amisdk.model.InstanceId;
import org.amisdk.model.InstanceState;
/** What StopInstances, StartInstances or TerminateInstances did to one instance. */
public record InstanceStateChange(InstanceId instanceId, InstanceState previousState, InstanceState currentState) {}
