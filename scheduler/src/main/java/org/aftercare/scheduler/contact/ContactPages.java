package org.aftercare.scheduler.contact;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.aftercare.events.contact.ContactActionEvent;
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
 * neither confirms nor declines nor acknowledges anything. The escalation links ({@code /a/},
 * {@code /r/}) also need the contact confirmed and still sharing something: one who declined or
 * whose consent was withdrawn sees that the link no longer applies, not the member's name.
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
    private final EscalationLink acknowledge;
    private final EscalationLink reach;

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
        registry.counter("outreach.contacts.answered", "answer", "confirm");
        registry.counter("outreach.contacts.answered", "answer", "decline");
        registry.counter("outreach.contacts.acknowledged");
        registry.counter("outreach.escalations.reach.reported", "reached", "true");
        registry.counter("outreach.escalations.reach.reported", "reached", "false");
        this.acknowledge = acknowledgeLink();
        this.reach = reachLink();
    }

    public Routes register(Routes routes) {
        return routes.get(LinkKind.CONTACT_INVITATION.path() + "{token}", this::showInvitation)
                .post(LinkKind.CONTACT_INVITATION.path() + "{token}", this::answerInvitation)
                .get(LinkKind.ACKNOWLEDGE.path() + "{token}", r -> show(acknowledge, r))
                .post(LinkKind.ACKNOWLEDGE.path() + "{token}", r -> answer(acknowledge, r))
                .get(LinkKind.REACH_FOLLOW_UP.path() + "{token}", r -> show(reach, r))
                .post(LinkKind.REACH_FOLLOW_UP.path() + "{token}", r -> answer(reach, r));
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
            case GONE, SPENT, OUT_OF_DATE, NO_LONGER_APPLIES -> refused(outcome);
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
        OUT_OF_DATE,
        NO_LONGER_APPLIES
    }

    private record Acknowledgement(String escalationId, String contactId) {}

    /** The escalation and the contact of an escalation link (its subject rule was checked when it was opened). */
    private static Acknowledgement acknowledgement(LinkToken link) {
        String[] parts = Links.parseEscalationSubject(link.subject());
        return new Acknowledgement(parts[0], parts[1]);
    }

    /**
     * A link a contact answers about an escalation ({@code /a/} "I've reached out", {@code /r/}
     * "Were you able to reach them?"): its kind, the page a GET shows ({@code question} is a format
     * with the member's first name), the page for a form that gives no answer, and how a POST's form
     * becomes an answer (null: no answer).
     */
    private record EscalationLink(
            LinkKind kind,
            String question,
            String template,
            String chooseAgain,
            Function<Map<String, String>, Answer> answers) {}

    /** One answer: the event it publishes, what the log and metric record, and the thanks. */
    private record Answer(EventFactory event, String logged, Runnable counted, String thanksTitle, String thanks) {}

    /** Makes the event of an answer from the link's id, the member, the contact and the escalation. */
    @FunctionalInterface
    private interface EventFactory {
        ContactActionEvent of(String actionId, String memberId, String contactId, String escalationId, Instant at);
    }

    private EscalationLink acknowledgeLink() {
        Answer acknowledged = new Answer(
                EscalationAcknowledged::of,
                "acknowledged",
                () -> registry.counter("outreach.contacts.acknowledged").increment(),
                "Thank you for reaching out",
                "Thank you. We have let the program know, and nobody else will be asked to reach out about this.");
        return new EscalationLink(
                LinkKind.ACKNOWLEDGE, "Have you reached out?", "acknowledge", null, form -> acknowledged);
    }

    /**
     * The contact's answer to "Were you able to reach them?": {@code ReachReported}, yes closes the
     * escalation, "not yet" reopens it (streams decides).
     */
    private EscalationLink reachLink() {
        return new EscalationLink(
                LinkKind.REACH_FOLLOW_UP,
                "Were you able to reach %s?",
                "reach",
                "Please go back and choose yes or not yet.",
                form -> switch (form.getOrDefault("reached", "")) {
                    case "yes" -> reach(true);
                    case "not-yet" -> reach(false);
                    default -> null;
                });
    }

    private Answer reach(boolean reached) {
        return new Answer(
                (actionId, memberId, contactId, escalationId, at) ->
                        ReachReported.of(actionId, memberId, contactId, escalationId, reached, at),
                reached ? "reached" : "not yet reached",
                () -> registry.counter("outreach.escalations.reach.reported", "reached", Boolean.toString(reached))
                        .increment(),
                "Thank you",
                reached
                        ? "Thank you for letting us know. Nobody else will be asked to reach out about this."
                        : "Thank you for letting us know. The program will follow up, and others may be asked to reach out too.");
    }

    /**
     * Whether an escalation link may still be used by its contact as they are now: on record, the
     * link bound to their naming and address, confirmed and still sharing something. Null when it
     * may; otherwise what to answer instead, before anything about the member is shown or published.
     */
    private static Outcome refusal(LinkToken link, Optional<SupportContact> contact) {
        if (contact.isEmpty()) {
            return Outcome.GONE;
        }
        if (!TokenGate.isBoundTo(link, contact.get())) {
            return Outcome.OUT_OF_DATE;
        }
        if (contact.get().state() != ContactState.CONFIRMED || !contact.get().hasConsent()) {
            return Outcome.NO_LONGER_APPLIES;
        }
        return null;
    }

    private static Response refused(Outcome outcome) {
        return switch (outcome) {
            case GONE -> Page.noLongerActive();
            case SPENT -> TokenGate.alreadyUsed();
            case OUT_OF_DATE -> TokenGate.outOfDate();
            case NO_LONGER_APPLIES ->
                Page.forContact(
                        410,
                        "This link no longer applies",
                        "You are no longer a support contact for this person, so there is nothing to do here.");
            case DONE -> throw new IllegalArgumentException("not a refusal");
        };
    }

    private Response show(EscalationLink kind, Request request) {
        LinkToken link;
        Acknowledgement ack;
        try {
            link = gate.open(request.pathParam("token"), kind.kind());
            ack = acknowledgement(link);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        Optional<MemberProfile> member = members.find(link.memberId());
        Outcome refusal = refusal(link, member.flatMap(m -> m.contact(ack.contactId())));
        if (refusal != null) {
            return refused(refusal);
        }
        String firstName = member.get().firstName();
        return Page.forContactAboutMember(
                200,
                kind.question().formatted(firstName),
                Page.Body.of(kind.template(), Map.of("firstName", firstName)));
    }

    /**
     * A contact's answer through an escalation link: its event on {@code contact.actions}, the
     * single-use link spent in the same transaction, under the member's lock with the contact as
     * they are now.
     */
    private Response answer(EscalationLink kind, Request request) {
        LinkToken link;
        Acknowledgement ack;
        try {
            link = gate.open(request.pathParam("token"), kind.kind());
            ack = acknowledgement(link);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        Answer answer = kind.answers().apply(request.form());
        if (answer == null) {
            return Page.forContact(400, "Please choose an answer", kind.chooseAgain());
        }
        Outcome outcome;
        try {
            outcome = db.inTransaction(c -> {
                if (!store.lock(c, link.memberId())) {
                    return Outcome.GONE;
                }
                Outcome refusal =
                        refusal(link, store.load(c, link.memberId()).flatMap(m -> m.contact(ack.contactId())));
                if (refusal != null) {
                    return refusal;
                }
                if (!gate.spend(c, link)) {
                    return Outcome.SPENT;
                }
                publisher.contactAction(answer.event()
                        .of(link.id(), link.memberId(), ack.contactId(), ack.escalationId(), clock.instant()));
                return Outcome.DONE;
            });
        } catch (EventPublisher.PublishException | Database.DatabaseException e) {
            log.warn("escalation {} answer not recorded: {}", ack.escalationId(), e.getMessage());
            return Page.tryAgainLater();
        }
        if (outcome != Outcome.DONE) {
            return refused(outcome);
        }
        answer.counted().run();
        log.info("escalation {}: contact {} answered {}", ack.escalationId(), ack.contactId(), answer.logged());
        return Page.forContactAboutMember(200, answer.thanksTitle(), Page.Body.note(answer.thanks()));
    }
}
