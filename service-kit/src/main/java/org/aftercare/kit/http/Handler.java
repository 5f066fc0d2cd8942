package org.aftercare.kit.http;

/** Answers one request; may throw {@link HttpProblem} for a 4xx with a reason. */
@FunctionalInterface
public interface Handler {
    Response handle(Request request) throws Exception;
}
