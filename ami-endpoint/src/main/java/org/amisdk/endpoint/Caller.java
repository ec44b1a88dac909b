package org.amisdk.endpoint;

import org.amisdk.model.AccountId;
import org.amisdk.model.Region;

/**
 * Who sent a request, as its signature says: the account its access key maps to and the region
 * of its credential scope.
 */
record Caller(AccountId account, Region region) {}
