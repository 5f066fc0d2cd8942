package org.aftercare.scheduler.contact;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.aftercare.events.contact.ContactConfirmed;
import org.aftercare.events.contact.ContactDeclined;
import org.aftercare.events.contact.EscalationAcknowledged;
import org.aftercare.events.profile.ConsentScope;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.kit.links.Links;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.MemberService;
import org.aftercare.scheduler.member.MemberStore;
import org.aftercare.scheduler.web.Page;
import org.aftercare.scheduler.web.TokenGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages a support contact reaches from signed links: the invitation (confirm or decline being
 * a support contact, {@code /i/}) and "I've reached out" ({@code /a/}). A GET only shows the page
 * (mail scanners prefetch links); a POST acts, spends the single-use link and publishes to
 * {@code contact.actions} in the same transaction, so a refused publish leaves the link usable.
 */
public final class ContactPages {

    private static final Logger log = LoggerFactory.getLogger(ContactPages.class);

    private final TokenGate gate;
    private final Database db;
    private final MemberStore store;
    private final MemberService members;
    private final EventPublisher publisher;
    private final Clock clock;
    private final MeterRegistry registry;

    public ContactPages(TokenGate gate, Database db, MemberStore store, MemberService members, EventPublisher publisher,
            Clock clock, MeterRegistry registry) {
        this.gate = gate;
        this.db = db;
        this.store = store;
        this.members = members;
        this.publisher = publisher;
        this.clock = clock;
        this.registry = registry;
    }

    public Routes register(Routes routes) {
        return routes
                .get(Links.CONTACT_INVITATION + "{token}", this::showInvitation)
                .post(Links.CONTACT_INVITATION + "{token}", this::answerInvitation)
                .get(Links.ACKNOWLEDGE + "{token}", this::showAcknowledge)
                .post(Links.ACKNOWLEDGE + "{token}", this::acknowledge);
    }

    private Response showInvitation(Request request) {
        LinkToken link;
        try {
            link = gate.open(request.pathParam("token"), Links.PURPOSE_CONTACT, Links.ACTION_RESPOND);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        Optional<MemberProfile> member = members.find(link.memberId());
        Optional<SupportContact> contact = member.flatMap(m -> m.contact(link.subject()));
        if (contact.isEmpty()) {
            return Page.noLongerActive();
        }
        String name = Page.escape(member.get().firstName());
        StringBuilder b = new StringBuilder();
        b.append("<p>").append(name).append(" named you as someone they trust, and asked the program to let you know ")
                .append("when they might need support. If you agree, we will email you only about:</p><ul>");
        for (ConsentScope scope : ConsentScope.values()) {
            if (contact.get().consent().contains(scope)) {
                b.append("<li>").append(describe(scope)).append("</li>");
            }
        }
        if (contact.get().consent().isEmpty()) {
            b.append("<li>nothing yet: ").append(name).append(" has not chosen what to share</li>");
        }
        b.append("</ul><p>You can stop these emails at any time with the link at the foot of each one.</p>")
                .append("<form method=\"post\"><fieldset><legend>Will you be a support contact for ").append(name)
                .append("?</legend>")
                .append("<button type=\"submit\" name=\"choice\" value=\"confirm\">Yes, I will be a support contact</button>")
                .append("<button type=\"submit\" name=\"choice\" value=\"decline\" class=\"secondary\">No, thank you</button>")
                .append("</fieldset></form>");
        return Page.renderForContact(200, "Will you be a support contact?", b.toString());
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
            link = gate.open(token, Links.PURPOSE_CONTACT, Links.ACTION_RESPOND);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        String choice = request.form().getOrDefault("choice", "").toLowerCase(Locale.ROOT);
        if (!Set.of("confirm", "decline").contains(choice)) {
            return Page.renderForContact(400, "Please choose an answer",
                    "<p class=\"note\">Please go back and choose yes or no.</p>");
        }
        boolean confirm = choice.equals("confirm");
        String actionId = link.id();
        Outcome outcome;
        try {
            outcome = members.change(link.memberId(), (c, d) -> {
                if (d.contact(link.subject()).isEmpty()) {
                    return Outcome.GONE;
                }
                if (!gate.spend(c, token, link.memberId())) {
                    return Outcome.SPENT;
                }
                d.contactState(link.subject(), confirm ? ContactState.CONFIRMED : ContactState.DECLINED);
                publisher.contactAction(confirm
                        ? ContactConfirmed.of(actionId, link.memberId(), link.subject(), clock.instant())
                        : ContactDeclined.of(actionId, link.memberId(), link.subject(), clock.instant()));
                return Outcome.DONE;
            }).map(MemberService.Changed::result).orElse(Outcome.GONE);
        } catch (EventPublisher.PublishException | Database.DatabaseException e) {
            log.warn("contact {} invitation answer not recorded: {}", link.subject(), e.getMessage());
            return Page.tryAgainLater();
        }
        return switch (outcome) {
            case GONE -> Page.noLongerActive();
            case SPENT -> TokenGate.alreadyUsed();
            case DONE -> {
                registry.counter("outreach.contacts.answered", "answer", choice).increment();
                log.info("contact {} {} the invitation", link.subject(), confirm ? "confirmed" : "declined");
                yield confirm
                        ? Page.renderForContact(200, "Thank you",
                                "<p class=\"note\">Thank you for being there. We will email you only about what was "
                                        + "agreed, and every email tells you what you can do.</p>")
                        : Page.renderForContact(200, "Thank you",
                                "<p class=\"note\">Thank you for letting us know. You will not receive these emails.</p>");
            }
        };
    }

    private enum Outcome { DONE, SPENT, GONE }

    private record Acknowledgement(String escalationId, String contactId) {}

    private Acknowledgement acknowledgement(LinkToken link) throws TokenGate.Refused {
        String[] parts = Links.parseEscalationSubject(link.subject());
        if (parts == null) {
            throw new TokenGate.Refused(Page.render(400, "This link does not work",
                    "<p class=\"note\">This link is incomplete. Please use the newest email you received.</p>"));
        }
        return new Acknowledgement(parts[0], parts[1]);
    }

    private Response showAcknowledge(Request request) {
        LinkToken link;
        Acknowledgement ack;
        try {
            link = gate.open(request.pathParam("token"), Links.PURPOSE_ESCALATION, Links.ACTION_ACKNOWLEDGE);
            ack = acknowledgement(link);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        Optional<MemberProfile> member = members.find(link.memberId());
        if (member.flatMap(m -> m.contact(ack.contactId())).isEmpty()) {
            return Page.noLongerActive();
        }
        String name = Page.escape(member.get().firstName());
        return Page.renderForContact(200, "Have you reached out?",
                "<p>Please let us know once you have been in touch with " + name + ". "
                        + "Then we stop asking others to reach out.</p>"
                        + "<form method=\"post\"><button type=\"submit\">I've reached out to " + name + "</button></form>");
    }

    private Response acknowledge(Request request) {
        String token = request.pathParam("token");
        LinkToken link;
        Acknowledgement ack;
        try {
            link = gate.open(token, Links.PURPOSE_ESCALATION, Links.ACTION_ACKNOWLEDGE);
            ack = acknowledgement(link);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        Outcome outcome;
        try {
            outcome = db.inTransaction(c -> {
                Optional<MemberProfile> member = store.load(c, link.memberId());
                if (member.flatMap(m -> m.contact(ack.contactId())).isEmpty()) {
                    return Outcome.GONE;
                }
                if (!gate.spend(c, token, link.memberId())) {
                    return Outcome.SPENT;
                }
                publisher.contactAction(EscalationAcknowledged.of(link.id(), link.memberId(),
                        ack.contactId(), ack.escalationId(), clock.instant()));
                return Outcome.DONE;
            });
        } catch (EventPublisher.PublishException | Database.DatabaseException e) {
            log.warn("escalation {} acknowledgement not recorded: {}", ack.escalationId(), e.getMessage());
            return Page.tryAgainLater();
        }
        return switch (outcome) {
            case GONE -> Page.noLongerActive();
            case SPENT -> TokenGate.alreadyUsed();
            case DONE -> {
                registry.counter("outreach.escalations.acknowledged").increment();
                log.info("escalation {} acknowledged by contact {}", ack.escalationId(), ack.contactId());
                yield Page.renderForContact(200, "Thank you for reaching out",
                        "<p class=\"note\">Thank you. We have let the program know, and nobody else will be asked "
                                + "to reach out about this.</p>");
            }
        };
    }
}
