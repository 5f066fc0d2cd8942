package org.aftercare.measures;

/** A severity band of a score: {@code from} to {@code to}, both included. */
public record Band(int from, int to, String label) {

    public boolean contains(int value) {
        return value >= from && value <= to;
    }
}
