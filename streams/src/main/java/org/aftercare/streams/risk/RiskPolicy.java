package org.aftercare.streams.risk;

/**
 * How long a window of raised risk lasts, in member-local days after the day that opened it (day
 * 0): very high to {@code veryHighDays} (inclusive), high to {@code highDays}, standard after.
 * Defaults from the evidence (Cousins 2015: overdose risk 6.4x in weeks 0-2 and 9.1x in weeks 3-4
 * after leaving treatment; 13-40x in the first two weeks after release from custody).
 */
public record RiskPolicy(int veryHighDays, int highDays) {

    public static final RiskPolicy DEFAULTS = new RiskPolicy(14, 30);

    public RiskPolicy {
        if (veryHighDays < 0 || highDays < veryHighDays) {
            throw new IllegalArgumentException("0 <= veryHighDays <= highDays");
        }
    }
}
