package org.aftercare.events.profile;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.aftercare.events.Event;

/** Values of {@code member.profile} (compacted; a null value is the tombstone of an erased member). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(MemberProfile.class)})
public sealed interface ProfileEvent extends Event permits MemberProfile {}
