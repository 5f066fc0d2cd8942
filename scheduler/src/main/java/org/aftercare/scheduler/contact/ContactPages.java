package org.aftercare.scheduler.contact;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aftercare.events.contact.ContactConfirmed;
import org.aftercare.events.contact.ContactDeclined;
import org.aftercare.events.contact.EscalationAcknowledged;
import org.aftercare.events.contact.ReachReported;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.kit.links.Links;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.MemberChanges;
import org.aftercare.scheduler.member.MemberStore;
import org.aftercare.scheduler.web.Page;
import org.aftercare.scheduler.web.TokenGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages a support contact reaches from sealed links: the invitation (confirm or decline being
 * a support contact, {@code /i/}), "I've reached out" ({@code /a/}) and, a while after it, "Were you
 * able to reach them?" ({@code /r/}, yes / not yet). A GET only shows the page
 * (mail scanners prefetch links); a POST acts, spends the single-use link and publishes to
 * {@code contact.actions} in the same transaction, so a refused publish leaves the link usable.
 * Every link must be bound to the contact as it is now (naming and address,
 * {@link TokenGate#requireBoundTo}), checked again under the member's lock before acting: a link
 * that went to a mistyped address, or an invitation from before the contact was invited again,
 * neither confirms nor declines nor acknowledges anything.
 */
public final class ContactPages {

    private static final Logger log = LoggerFactory.getLogger(ContactPages.class);

    private final TokenGate gate;
    private final Database db;
    private final MemberStore store;
    private final MemberChanges members;
    private final EventPublisher publisher;
    private final Clock clock;
    private final MeterRegistry registry;

    public ContactPages(
            TokenGate gate,
            Database db,
            MemberStore store,
            MemberChanges members,
            EventPublisher publisher,
            Clock clock,
            MeterRegistry registry) {
        this.gate = gate;
        this.db = db;
        this.store = store;
        this.members = members;
        this.publisher = publisher;
        this.clock = clock;
        this.registry = registry;
    }

    public Routes register(Routes routes) {
        return routes.get(LinkKind.CONTACT_INVITATION.path() + "{token}", this::showInvitation)
                .post(LinkKind.CONTACT_INVITATION.path() + "{token}", this::answerInvitation)
                .get(LinkKind.ACKNOWLEDGE.path() + "{token}", this::showAcknowledge)
                .post(LinkKind.ACKNOWLEDGE.path() + "{token}", this::acknowledge)
                .get(LinkKind.REACH_FOLLOW_UP.path() + "{token}", this::showReach)
                .post(LinkKind.REACH_FOLLOW_UP.path() + "{token}", this::reportReach);
    }

    private Response showInvitation(Request request) {
        LinkToken link;
        try {
            link = gate.open(request.pathParam("token"), LinkKind.CONTACT_INVITATION);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        Optional<MemberProfile> member = members.find(link.memberId());
        Optional<SupportContact> contact = member.flatMap(m -> m.contact(link.subject()));
        if (contact.isEmpty()) {
            return Page.noLongerActive();
        }
        try {
            TokenGate.requireBoundTo(link, contact.get());
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        List<String> scopes = new ArrayList<>();
        for (ConsentScope scope : ConsentScope.values()) {
            if (contact.get().consent().contains(scope)) {
                scopes.add(describe(scope));
            }
        }
        return Page.forContact(
                200,
                "Will you be a support contact?",
                Page.Body.of("invitation", Map.of("firstName", member.get().firstName(), "scopes", scopes)));
    }

    private static String describe(ConsentScope scope) {
        return switch (scope) {
            case MISSED_CHECK_INS -> "when they have not answered their check-ins for a while";
            case HELP_REQUESTED -> "when they ask for help";
            case USE_REPORTED -> "when they tell the program they had a setback";
            case MILESTONES -> "good news they want to share";
        };
    }

    private Response answerInvitation(Request request) {
        String token = request.pathParam("token");
        LinkToken link;
        try {
            link = gate.open(token, LinkKind.CONTACT_INVITATION);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        String choice = request.form().getOrDefault("choice", "").toLowerCase(Locale.ROOT);
        if (!Set.of("confirm", "decline").contains(choice)) {
            return Page.forContact(400, "Please choose an answer", "Please go back and choose yes or no.");
        }
        boolean confirm = choice.equals("confirm");
        String actionId = link.id();
        Outcome outcome;
        try {
            outcome = members.change(link.memberId(), (c, d) -> {
                        Optional<SupportContact> contact = d.contact(link.subject());
                        if (contact.isEmpty()) {
                            return Outcome.GONE;
                        }
                        if (!TokenGate.isBoundTo(link, contact.get())) {
                            return Outcome.OUT_OF_DATE;
                        }
                        if (!gate.spend(c, link)) {
                            return Outcome.SPENT;
                        }
                        d.contactState(link.subject(), confirm ? ContactState.CONFIRMED : ContactState.DECLINED);
                        publisher.contactAction(
                                confirm
                                        ? ContactConfirmed.of(
                                                actionId, link.memberId(), link.subject(), clock.instant())
                                        : ContactDeclined.of(
                                                actionId, link.memberId(), link.subject(), clock.instant()));
                        return Outcome.DONE;
                    })
                    .map(MemberChanges.Changed::result)
                    .orElse(Outcome.GONE);
        } catch (EventPublisher.PublishException | Database.DatabaseException e) {
            log.warn("contact {} invitation answer not recorded: {}", link.subject(), e.getMessage());
            return Page.tryAgainLater();
        }
        return switch (outcome) {
            case GONE -> Page.noLongerActive();
            case SPENT -> TokenGate.alreadyUsed();
            case OUT_OF_DATE -> TokenGate.outOfDate();
            case DONE -> {
                registry.counter("outreach.contacts.answered", "answer", choice).increment();
                log.info("contact {} {} the invitation", link.subject(), confirm ? "confirmed" : "declined");
                yield confirm
                        ? Page.forContact(
                                200,
                                "Thank you",
                                "Thank you for being there. We will email you only about what "
                                        + "was agreed, and every email tells you what you can do.")
                        : Page.forContact(
                                200, "Thank you", "Thank you for letting us know. You will not receive these emails.");
            }
        };
    }

    private enum Outcome {
        DONE,
        SPENT,
        GONE,
        OUT_OF_DATE
    }

    private record Acknowledgement(String escalationId, String contactId) {}

    /** The escalation and the contact of an acknowledgement link (its subject rule was checked when it was opened). */
    private static Acknowledgement acknowledgement(LinkToken link) {
        String[] parts = Links.parseEscalationSubject(link.subject());
        return new Acknowledgement(parts[0], parts[1]);
    }

    private Response showReach(Request request) {
        LinkToken link;
        Acknowledgement ack;
        try {
            link = gate.open(request.pathParam("token"), LinkKind.REACH_FOLLOW_UP);
            ack = acknowledgement(link);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        Optional<MemberProfile> member = members.find(link.memberId());
        Optional<SupportContact> contact = member.flatMap(m -> m.contact(ack.contactId()));
        if (contact.isEmpty()) {
            return Page.noLongerActive();
        }
        if (!TokenGate.isBoundTo(link, contact.get())) {
            return TokenGate.outOfDate();
        }
        return Page.forContactAboutMember(
                200,
                "Were you able to reach " + member.get().firstName() + "?",
                Page.Body.of("reach", Map.of("firstName", member.get().firstName())));
    }

    /**
     * The contact's answer to "Were you able to reach them?": {@code ReachReported} on
     * {@code contact.actions}, the single-use link spent in the same transaction (as "I've reached
     * out" is): yes closes the escalation, "not yet" reopens it (streams decides).
     */
    private Response reportReach(Request request) {
        LinkToken link;
        Acknowledgement ack;
        try {
            link = gate.open(request.pathParam("token"), LinkKind.REACH_FOLLOW_UP);
            ack = acknowledgement(link);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        String answer = request.form().getOrDefault("reached", "");
        if (!answer.equals("yes") && !answer.equals("not-yet")) {
            return Page.forContact(400, "Please choose an answer", "Please go back and choose yes or not yet.");
        }
        boolean reached = answer.equals("yes");
        Outcome outcome;
        try {
            outcome = db.inTransaction(c -> {
                if (!store.lock(c, link.memberId())) {
                    return Outcome.GONE;
                }
                Optional<SupportContact> contact =
                        store.load(c, link.memberId()).flatMap(m -> m.contact(ack.contactId()));
                if (contact.isEmpty()) {
                    return Outcome.GONE;
                }
                if (!TokenGate.isBoundTo(link, contact.get())) {
                    return Outcome.OUT_OF_DATE;
                }
                if (!gate.spend(c, link)) {
                    return Outcome.SPENT;
                }
                publisher.contactAction(ReachReported.of(
                        link.id(), link.memberId(), ack.contactId(), ack.escalationId(), reached, clock.instant()));
                return Outcome.DONE;
            });
        } catch (EventPublisher.PublishException | Database.DatabaseException e) {
            log.warn("escalation {} reach report not recorded: {}", ack.escalationId(), e.getMessage());
            return Page.tryAgainLater();
        }
        return switch (outcome) {
            case GONE -> Page.noLongerActive();
            case SPENT -> TokenGate.alreadyUsed();
            case OUT_OF_DATE -> TokenGate.outOfDate();
            case DONE -> {
                registry.counter("outreach.escalations.reach.reported", "reached", Boolean.toString(reached))
                        .increment();
                log.info("escalation {}: contact {} reported reach {}", ack.escalationId(), ack.contactId(), reached);
                yield Page.forContactAboutMember(
                        200,
                        "Thank you",
                        Page.Body.note(
                                reached
                                        ? "Thank you for letting us know. Nobody else will be asked to reach out about this."
                                        : "Thank you for letting us know. The program will follow up, and others may be asked to reach out too."));
            }
        };
    }

    private Response showAcknowledge(Request request) {
        LinkToken link;
        Acknowledgement ack;
        try {
            link = gate.open(request.pathParam("token"), LinkKind.ACKNOWLEDGE);
            ack = acknowledgement(link);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        Optional<MemberProfile> member = members.find(link.memberId());
        Optional<SupportContact> contact = member.flatMap(m -> m.contact(ack.contactId()));
        if (contact.isEmpty()) {
            return Page.noLongerActive();
        }
        if (!TokenGate.isBoundTo(link, contact.get())) {
            return TokenGate.outOfDate();
        }
        return Page.forContactAboutMember(
                200,
                "Have you reached out?",
                Page.Body.of("acknowledge", Map.of("firstName", member.get().firstName())));
    }

    private Response acknowledge(Request request) {
        String token = request.pathParam("token");
        LinkToken link;
        Acknowledgement ack;
        try {
            link = gate.open(token, LinkKind.ACKNOWLEDGE);
            ack = acknowledgement(link);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        Outcome outcome;
        try {
            outcome = db.inTransaction(c -> {
                if (!store.lock(c, link.memberId())) {
                    return Outcome.GONE;
                }
                Optional<SupportContact> contact =
                        store.load(c, link.memberId()).flatMap(m -> m.contact(ack.contactId()));
                if (contact.isEmpty()) {
                    return Outcome.GONE;
                }
                if (!TokenGate.isBoundTo(link, contact.get())) {
                    return Outcome.OUT_OF_DATE;
                }
                if (!gate.spend(c, link)) {
                    return Outcome.SPENT;
                }
                publisher.contactAction(EscalationAcknowledged.of(
                        link.id(), link.memberId(), ack.contactId(), ack.escalationId(), clock.instant()));
                return Outcome.DONE;
            });
        } catch (EventPublisher.PublishException | Database.DatabaseException e) {
            log.warn("escalation {} acknowledgement not recorded: {}", ack.escalationId(), e.getMessage());
            return Page.tryAgainLater();
        }
        return switch (outcome) {
            case GONE -> Page.noLongerActive();
            case SPENT -> TokenGate.alreadyUsed();
            case OUT_OF_DATE -> TokenGate.outOfDate();
            case DONE -> {
                registry.counter("outreach.escalations.acknowledged").increment();
                log.info("escalation {} acknowledged by contact {}", ack.escalationId(), ack.contactId());
                yield Page.forContactAboutMember(
                        200,
                        "Thank you for reaching out",
                        Page.Body.note(
                                "Thank you. We have let the program know, and nobody else will be asked to reach out about this."));
            }
        };
    }
}
