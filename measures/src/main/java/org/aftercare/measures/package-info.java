/**
 * Questionnaires as data: {@link org.aftercare.measures.Definitions} reads instrument definitions
 * (shipped ones and a program's own, YAML or JSON, checked against a JSON Schema with one clear
 * line per problem) into {@link org.aftercare.measures.Instrument}s that say which items to ask
 * (skip rules), and score a finished set of answers (sums, subscales, reverse-scored items), band the
 * scores and raise the definition's flag rules. Shared by the scheduler (forms), streams (flags) and
 * the console (charts with bands). Item wording of licensed instruments is never in this repository:
 * the program installs it from the instrument's own distribution.
 */
package org.aftercare.measures;
