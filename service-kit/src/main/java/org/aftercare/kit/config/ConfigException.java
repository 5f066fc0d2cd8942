package org.aftercare.kit.config;

import java.util.List;

/**
 * Configuration that cannot start a service: one line per wrong value, each naming the variable,
 * so an operator can fix them all in one go. Never carries a secret's value.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
