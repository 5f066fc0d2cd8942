package org.aftercare.scheduler.web;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.aftercare.events.profile.Away;
import org.aftercare.events.profile.MemberProfile;
import org.aftercare.kit.http.Request;
import org.aftercare.kit.http.Response;
import org.aftercare.kit.http.Routes;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.LinkToken;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.member.MemberChanges;
import org.aftercare.scheduler.member.MemberLifecycle;
import org.aftercare.scheduler.member.MemberProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "I'll be away until ..." ({@code /w/}, {@link LinkKind#AWAY}): the member sets a planned absence
 * (a hospital stay, travel, readmission). GET shows a date field (today to
 * {@value MemberLifecycle#MAX_AWAY_DAYS} days ahead, in the member's time zone) and the choice to
 * keep the check-ins coming; it never acts (mail scanners prefetch links). POST records it
 * ({@link MemberLifecycle#setAway}, set by the member) and the new snapshot carries it to streams.
 * The link is reusable: setting it again moves the date. A member page: the help link and the
 * crisis lines as on every other.
 */
public final class AwayPage {

    private static final Logger log = LoggerFactory.getLogger(AwayPage.class);
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("EEEE d MMMM uuuu", Locale.ENGLISH);

    private final TokenGate gate;
    private final MemberLifecycle lifecycle;
    private final MemberChanges members;
    private final Clock clock;

    public AwayPage(TokenGate gate, MemberLifecycle lifecycle, MemberChanges members, Clock clock) {
        this.gate = gate;
        this.lifecycle = lifecycle;
        this.members = members;
        this.clock = clock;
    }

    public Routes register(Routes routes) {
        return routes.get(LinkKind.AWAY.path() + "{token}", this::show)
                .post(LinkKind.AWAY.path() + "{token}", this::save);
    }

    private Response show(Request request) {
        LinkToken link;
        try {
            link = gate.open(request.pathParam("token"), LinkKind.AWAY);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        Optional<MemberProfile> member = members.find(link.memberId());
        if (member.isEmpty()) {
            return Page.noLongerActive();
        }
        Away current = member.get().away();
        return form(
                200, link, member.get(), current == null ? "" : current.until().toString(), current, List.of());
    }

    private Response form(
            int status, LinkToken link, MemberProfile m, String until, Away current, List<String> errors) {
        LocalDate today = clock.instant().atZone(m.timeZone()).toLocalDate();
        Map<String, Object> model = new HashMap<>();
        model.put("min", today.toString());
        model.put("max", today.plusDays(MemberLifecycle.MAX_AWAY_DAYS).toString());
        model.put("until", until);
        model.put("current", current == null ? null : SHOWN.format(current.until()));
        boolean keep = current == null || current.keepPrompts();
        model.put("keepYes", keep);
        model.put("keepNo", !keep);
        model.put("hasErrors", !errors.isEmpty());
        model.put("errors", errors);
        return Page.forMember(status, "Away for a while?", Page.Body.of("away", model), gate.helpPath(link.memberId()));
    }

    private Response save(Request request) {
        LinkToken link;
        try {
            link = gate.open(request.pathParam("token"), LinkKind.AWAY);
        } catch (TokenGate.Refused r) {
            return r.page();
        }
        Optional<MemberProfile> member = members.find(link.memberId());
        if (member.isEmpty()) {
            return Page.noLongerActive();
        }
        Map<String, String> form = request.form();
        String untilText = form.getOrDefault("until", "").strip();
        String keep = form.getOrDefault("keepPrompts", "");
        LocalDate until = null;
        try {
            until = LocalDate.parse(untilText);
        } catch (DateTimeException e) {
            // reported below
        }
        if (until == null || !(keep.equals("yes") || keep.equals("no"))) {
            return form(
                    400,
                    link,
                    member.get(),
                    until == null ? "" : untilText,
                    member.get().away(),
                    until == null
                            ? List.of("Please choose the last day you will be away.")
                            : List.of("Please choose whether your check-ins keep coming."));
        }
        try {
            MemberProfile after = lifecycle.setAway(link.memberId(), until, keep.equals("yes"), Away.SetBy.MEMBER);
            log.info("member {} set away", link.memberId());
            return Page.forMember(
                    200,
                    "You are set as away",
                    Page.Body.of(
                            "away-saved",
                            Map.of(
                                    "until",
                                    SHOWN.format(until),
                                    "keepPrompts",
                                    after.away().keepPrompts())),
                    gate.helpPath(link.memberId()));
        } catch (MemberProblem p) {
            return switch (p.kind()) {
                case NOT_FOUND -> Page.noLongerActive();
                case INVALID ->
                    form(
                            400,
                            link,
                            member.get(),
                            untilText,
                            member.get().away(),
                            List.of("Please choose a day from today up to "
                                    + MemberLifecycle.MAX_AWAY_DAYS
                                    + " days ahead."));
                case CONFLICT ->
                    Page.forMember(
                            409,
                            "Please contact the program",
                            Page.Body.note("This cannot be set any more. Please contact the program directly."),
                            gate.helpPath(link.memberId()));
            };
        } catch (Database.DatabaseException e) {
            log.warn("member {} away not recorded: {}", link.memberId(), e.getMessage());
            return Page.tryAgainLater();
        }
    }
}
