package org.aftercare.scheduler.web;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.aftercare.events.contact.ContactUnsubscribed;
import org.aftercare.events.profile.ContactState;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.events.profile.MemberStatus;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.kit.links.Links;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.MemberService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unsubscribe ({@code /u/}) and pause ({@code /p/}) from signed links in emails.
 *
 * <p>Unsubscribe follows RFC 8058: a mail client's one-click POST with the body
 * {@code List-Unsubscribe=One-Click} acts at once, without login; a GET shows a page whose button
 * sends that same POST. For a contact (subject the contactId) the contact becomes
 * {@code unsubscribed} and {@code ContactUnsubscribed} goes to {@code contact.actions}; for the
 * member (subject {@code member}) their non-urgent email stops ({@code preferences.unsubscribed}).
 * Unsubscribing twice is harmless, so the link is not single-use. Pause is single-use: it pauses
 * the member's check-ins until staff resume them.
 */
public final class PreferencePages {

    private static final Logger log = LoggerFactory.getLogger(PreferencePages.class);
    private static final String ONE_CLICK = "One-Click";

    private final TokenGate gate;
    private final MemberService members;
    private final EventPublisher publisher;
    private final Clock clock;
    private final MeterRegistry registry;

    public PreferencePages(TokenGate gate, MemberService members, EventPublisher publisher, Clock clock, MeterRegistry registry) {
        this.gate = gate;
        this.members = members;
        this.publisher = publisher;
        this.clock = clock;
        this.registry = registry;
    }

    public Routes register(Routes routes) {
        return routes
                .get(Links.UNSUBSCRIBE + "{token}", this::showUnsubscribe)
                .post(Links.UNSUBSCRIBE + "{token}", this::unsubscribe)
                .get(Links.PAUSE + "{token}", this::showPause)
                .post(Links.PAUSE + "{token}", this::pause);
    }

    private LinkToken openUnsubscribe(String token) throws TokenGate.Refused {
        return gate.openReusable(token, Links.PURPOSE_UNSUBSCRIBE, Links.ACTION_UNSUBSCRIBE);
    }

    private static boolean isMember(LinkToken link) {
        return link.subject().equals(Links.SUBJECT_MEMBER);
    }

    private static Response render(LinkToken link, int status, String title, String body) {
        return isMember(link) ? Page.render(status, title, body) : Page.renderForContact(status, title, body);
    }

    private Response showUnsubscribe(Request request) {
        LinkToken link;
        try {
            link = openUnsubscribe(request.pathParam("token"));
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        String what = isMember(link)
                ? "You will no longer get encouragement, reminders of milestones or other non-urgent email. "
                        + "Your check-in prompts continue while you are enrolled; ask the program to pause them."
                : "You will no longer get any email about the person who named you as a support contact.";
        return render(link, 200, "Unsubscribe",
                "<p>" + what + "</p><form method=\"post\">"
                        + "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"" + ONE_CLICK + "\">"
                        + "<button type=\"submit\">Unsubscribe</button></form>");
    }

    /** RFC 8058 §3.2: the POST body holds {@code List-Unsubscribe=One-Click} (form-encoded or multipart). */
    private static boolean isOneClick(Request request) {
        String type = request.header("Content-Type").orElse("").toLowerCase();
        if (type.startsWith("multipart/form-data")) {
            String body = new String(request.body(), StandardCharsets.UTF_8);
            return body.contains("name=\"List-Unsubscribe\"") && body.contains(ONE_CLICK);
        }
        return ONE_CLICK.equalsIgnoreCase(request.form().getOrDefault("List-Unsubscribe", "").strip());
    }

    private Response unsubscribe(Request request) {
        String token = request.pathParam("token");
        LinkToken link;
        try {
            link = openUnsubscribe(token);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        if (!isOneClick(request)) {
            return render(link, 400, "Please use the button",
                    "<p class=\"note\">Please open the link again and press the Unsubscribe button.</p>");
        }
        Optional<MemberProfile> after;
        try {
            if (isMember(link)) {
                after = members.unsubscribe(link.memberId());
            } else {
                String actionId = link.id();
                after = members.change(link.memberId(), (c, d) -> {
                    var contact = d.contact(link.subject());
                    if (contact.isPresent() && contact.get().state() != ContactState.UNSUBSCRIBED) {
                        d.contactState(link.subject(), ContactState.UNSUBSCRIBED);
                        publisher.contactAction(ContactUnsubscribed.of(actionId, link.memberId(), link.subject(), clock.instant()));
                    }
                    return null;
                }).map(MemberService.Changed::member);
            }
        } catch (EventPublisher.PublishException | Database.DatabaseException e) {
            log.warn("unsubscribe for member {} not recorded: {}", link.memberId(), e.getMessage());
            return Page.tryAgainLater();
        }
        if (after.isEmpty() || (!isMember(link) && after.get().contact(link.subject()).isEmpty())) {
            // Nothing left to send to: the answer is the same as a successful unsubscribe.
            return render(link, 200, "You are unsubscribed", "<p class=\"note\">You will not receive these emails.</p>");
        }
        registry.counter("outreach.unsubscribed", "who", isMember(link) ? "member" : "contact").increment();
        log.info("member {} {} unsubscribed", link.memberId(), isMember(link) ? "themself" : "contact " + link.subject());
        return render(link, 200, "You are unsubscribed",
                "<p class=\"note\">Done. You will not receive these emails any more.</p>");
    }

    private Response showPause(Request request) {
        try {
            gate.open(request.pathParam("token"), Links.PURPOSE_PAUSE, Links.ACTION_PAUSE);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        return Page.render(200, "Pause your check-ins",
                "<p>Pausing stops your check-in prompts until you ask the program to start them again. "
                        + "Your support contacts are not told that you paused.</p>"
                        + "<form method=\"post\"><button type=\"submit\">Pause my check-ins</button></form>");
    }

    private enum Paused { DONE, SPENT, DISCHARGED }

    private Response pause(Request request) {
        String token = request.pathParam("token");
        LinkToken link;
        try {
            link = gate.open(token, Links.PURPOSE_PAUSE, Links.ACTION_PAUSE);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        Optional<Paused> outcome;
        try {
            outcome = members.change(link.memberId(), (c, d) -> {
                if (d.status() == MemberStatus.DISCHARGED) {
                    return Paused.DISCHARGED;
                }
                if (!gate.spend(c, token, link.memberId())) {
                    return Paused.SPENT;
                }
                d.status(MemberStatus.PAUSED);
                return Paused.DONE;
            }).map(MemberService.Changed::result);
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
        return Page.render(200, "Your check-ins are paused",
                "<p class=\"note\">Done. You will not get check-in prompts until you ask the program to start them again. "
                        + "You can still reach out any time.</p>");
    }
}
