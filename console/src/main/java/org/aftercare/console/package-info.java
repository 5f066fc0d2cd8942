/**
 * The staff console (issue 12, being built): program staff sign in with OpenID Connect and see
 * the members in their care from the console's own read model, built from the topics.
 */
package org.aftercare.console;
