package org.amisdk.endpoint;

/** One of the wire protocols a local endpoint speaks; translates requests, keeps no rule of its own. */
interface Protocol {

  /** Answers {@code request} sent by {@code caller}; refusals are answered in the protocol's error shape, never thrown. */
  WireResponse handle(WireRequest request, Caller caller);

  /** A refusal in this protocol's error shape, for failures found before the request reaches it (identity, size). */
  WireResponse refusal(int status, String code, String message);
}
