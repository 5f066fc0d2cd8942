package org.aftercare.scheduler.web;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.aftercare.events.contact.ContactUnsubscribed;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.events.profile.SupportContact;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.MemberChanges;
import org.aftercare.scheduler.member.MemberLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unsubscribe ({@code /u/}) and pause ({@code /p/}) from signed links in emails.
 *
 * <p>Unsubscribe follows RFC 8058: a mail client's one-click POST with the body
 * {@code List-Unsubscribe=One-Click} acts at once, without login; a GET shows a page whose button
 * sends that same POST. For a contact (subject the contactId) the contact becomes
 * {@code unsubscribed} and {@code ContactUnsubscribed} goes to {@code contact.actions} (a contact's
 * link must be bound to the contact's current naming and address); for the member (subject
 * {@code member}) their check-in prompts pause and routine email stops, the care team is told
 * (by streams), and replies to their own request for help still come ({@link MemberLifecycle#unsubscribe}).
 * The page says exactly that. Unsubscribing twice is harmless, so the link is not single-use.
 * Pause is single-use: it pauses the member's check-ins until staff resume them.
 */
public final class PreferencePages {

    private static final Logger log = LoggerFactory.getLogger(PreferencePages.class);
    private static final String ONE_CLICK = "One-Click";

    private final TokenGate gate;
    private final MemberLifecycle lifecycle;
    private final MemberChanges members;
    private final EventPublisher publisher;
    private final Clock clock;
    private final MeterRegistry registry;

    public PreferencePages(
            TokenGate gate,
            MemberLifecycle lifecycle,
            MemberChanges members,
            EventPublisher publisher,
            Clock clock,
            MeterRegistry registry) {
        this.gate = gate;
        this.lifecycle = lifecycle;
        this.members = members;
        this.publisher = publisher;
        this.clock = clock;
        this.registry = registry;
        registry.counter("outreach.unsubscribed", "who", "member");
        registry.counter("outreach.unsubscribed", "who", "contact");
        registry.counter("outreach.members.paused", "via", "link");
    }

    public Routes register(Routes routes) {
        return routes.get(LinkKind.MEMBER_UNSUBSCRIBE.path() + "{token}", this::showUnsubscribe)
                .post(LinkKind.MEMBER_UNSUBSCRIBE.path() + "{token}", this::unsubscribe)
                .get(LinkKind.PAUSE.path() + "{token}", this::showPause)
                .post(LinkKind.PAUSE.path() + "{token}", this::pause);
    }

    private LinkToken openUnsubscribe(String token) throws TokenGate.Refused {
        return gate.open(token, LinkKind.MEMBER_UNSUBSCRIBE, LinkKind.CONTACT_UNSUBSCRIBE);
    }

    private static boolean isMember(LinkToken link) {
        return link.isOf(LinkKind.MEMBER_UNSUBSCRIBE);
    }

    private Response render(LinkToken link, int status, String title, Page.Body body) {
        return isMember(link)
                ? Page.forMember(status, title, body, gate.helpPath(link.memberId()))
                : Page.forContact(status, title, body);
    }

    private Response showUnsubscribe(Request request) {
        LinkToken link;
        try {
            link = openUnsubscribe(request.pathParam("token"));
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        if (!isMember(link)) {
            try {
                requireCurrentContact(link);
            } catch (TokenGate.Refused r) {
                return r.page();
            }
        }
        return render(link, 200, "Unsubscribe", Page.Body.of("unsubscribe", Map.of("member", isMember(link))));
    }

    /** RFC 8058 §3.2: the POST body holds {@code List-Unsubscribe=One-Click} (form-encoded or multipart). */
    private static boolean isOneClick(Request request) {
        String type = request.header("Content-Type").orElse("").toLowerCase();
        if (type.startsWith("multipart/form-data")) {
            String body = new String(request.body(), StandardCharsets.UTF_8);
            return body.contains("name=\"List-Unsubscribe\"") && body.contains(ONE_CLICK);
        }
        return ONE_CLICK.equalsIgnoreCase(
                request.form().getOrDefault("List-Unsubscribe", "").strip());
    }

    private Response unsubscribe(Request request) {
        String token = request.pathParam("token");
        LinkToken link;
        try {
            link = openUnsubscribe(token);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        if (!isMember(link)) {
            try {
                requireCurrentContact(link);
            } catch (TokenGate.Refused r) {
                return r.page();
            }
        }
        if (!isOneClick(request)) {
            return render(
                    link,
                    400,
                    "Please use the button",
                    Page.Body.note("Please open the link again and press the Unsubscribe button."));
        }
        Optional<MemberProfile> after;
        try {
            if (isMember(link)) {
                after = lifecycle.unsubscribe(link.memberId());
            } else {
                String actionId = link.id();
                after = members.change(link.memberId(), (c, d) -> {
                            var contact = d.contact(link.subject());
                            // Checked again under the member's lock: the address may have changed since the page
                            // opened.
                            if (contact.isPresent()
                                    && contact.get().state() != ContactState.UNSUBSCRIBED
                                    && TokenGate.isBoundTo(link, contact.get())) {
                                d.contactState(link.subject(), ContactState.UNSUBSCRIBED);
                                publisher.contactAction(ContactUnsubscribed.of(
                                        actionId, link.memberId(), link.subject(), clock.instant()));
                            }
                            return null;
                        })
                        .map(MemberChanges.Changed::member);
            }
        } catch (EventPublisher.PublishException | Database.DatabaseException e) {
            log.warn("unsubscribe for member {} not recorded: {}", link.memberId(), e.getMessage());
            return Page.tryAgainLater();
        }
        if (after.isEmpty()
                || (!isMember(link) && after.get().contact(link.subject()).isEmpty())) {
            // Nothing left to send to: the answer is the same as a successful unsubscribe.
            return render(link, 200, "You are unsubscribed", Page.Body.note("You will not receive these emails."));
        }
        registry.counter("outreach.unsubscribed", "who", isMember(link) ? "member" : "contact")
                .increment();
        log.info(
                "member {} {} unsubscribed",
                link.memberId(),
                isMember(link) ? "themself" : "contact " + link.subject());
        return render(
                link, 200, "You are unsubscribed", Page.Body.of("unsubscribed", Map.of("member", isMember(link))));
    }

    /**
     * Refuses a contact's unsubscribe link sealed for an earlier naming or address. A contact no
     * longer on record passes: there is nothing left to send to, and the answer is the same.
     */
    private void requireCurrentContact(LinkToken link) throws TokenGate.Refused {
        Optional<SupportContact> contact = members.find(link.memberId()).flatMap(m -> m.contact(link.subject()));
        if (contact.isPresent()) {
            TokenGate.requireBoundTo(link, contact.get());
        }
    }

    private Response showPause(Request request) {
        LinkToken link;
        try {
            link = gate.open(request.pathParam("token"), LinkKind.PAUSE);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        if (members.find(link.memberId()).isEmpty()) {
            return Page.noLongerActive();
        }
        return Page.forMember(
                200, "Pause your check-ins", Page.Body.of("pause", Map.of()), gate.helpPath(link.memberId()));
    }

    private enum Paused {
        DONE,
        SPENT,
        DISCHARGED
    }

    private Response pause(Request request) {
        String token = request.pathParam("token");
        LinkToken link;
        try {
            link = gate.open(token, LinkKind.PAUSE);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        Optional<Paused> outcome;
        try {
            outcome = members.change(link.memberId(), (c, d) -> {
                        if (d.status() == MemberStatus.DISCHARGED) {
                            return Paused.DISCHARGED;
                        }
                        if (!gate.spend(c, link)) {
                            return Paused.SPENT;
                        }
                        d.status(MemberStatus.PAUSED);
                        return Paused.DONE;
                    })
                    .map(MemberChanges.Changed::result);
        } catch (Database.DatabaseException e) {
            log.warn("pause for member {} not recorded: {}", link.memberId(), e.getMessage());
            return Page.tryAgainLater();
        }
        if (outcome.isEmpty() || outcome.get() == Paused.DISCHARGED) {
            return Page.noLongerActive();
        }
        if (outcome.get() == Paused.SPENT) {
            return TokenGate.alreadyUsed();
        }
        registry.counter("outreach.members.paused", "via", "link").increment();
        log.info("member {} paused their check-ins", link.memberId());
        return Page.forMember(
                200,
                "Your check-ins are paused",
                Page.Body.note("Done. You will not get check-in prompts until "
                        + "you ask the program to start them again. You can still reach out any time."),
                gate.helpPath(link.memberId()));
    }
}
