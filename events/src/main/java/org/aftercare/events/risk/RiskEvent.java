package org.aftercare.events.risk;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.aftercare.events.Event;

/** Values of {@code member.risk} (compacted, keyed by memberId; written by streams only; tombstone on erasure). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(MemberRisk.class)})
public sealed interface RiskEvent extends Event permits MemberRisk {}
