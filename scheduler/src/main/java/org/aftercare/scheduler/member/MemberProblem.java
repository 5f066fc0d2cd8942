package org.aftercare.scheduler.member;

import java.util.Map;

/**
 * Why a change to the member record was refused: the input is invalid (with a reason per field),
 * there is no such member or contact, or the change conflicts with the record as it is. Thrown by
 * the member domain (enrollment parsing, {@link MemberLifecycle}, {@link MemberContacts}, the
 * roster import); the admin API turns it into problem details and the CLI into lines on stderr, so
 * neither the domain nor the CLI knows HTTP. Messages and reasons never quote member data.
 */
public final class MemberProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of refusal; the admin API answers 400, 404 and 409. */
    public enum Kind {
        INVALID,
        NOT_FOUND,
        CONFLICT
    }

    private final Kind kind;
    private final transient Map<String, String> errors;

    private MemberProblem(Kind kind, String detail, Map<String, String> errors) {
        super(detail, null, false, false);
        this.kind = kind;
        this.errors = errors == null ? Map.of() : Map.copyOf(errors);
    }

    public static MemberProblem invalid(String detail, Map<String, String> errors) {
        return new MemberProblem(Kind.INVALID, detail, errors);
    }

    public static MemberProblem notFound(String detail) {
        return new MemberProblem(Kind.NOT_FOUND, detail, Map.of());
    }

    public static MemberProblem conflict(String detail) {
        return new MemberProblem(Kind.CONFLICT, detail, Map.of());
    }

    public static MemberProblem conflict(String detail, Map<String, String> errors) {
        return new MemberProblem(Kind.CONFLICT, detail, errors);
    }

    public Kind kind() {
        return kind;
    }

    /** Field name → reason; empty when the problem is not about particular fields. */
    public Map<String, String> errors() {
        return errors;
    }
}
