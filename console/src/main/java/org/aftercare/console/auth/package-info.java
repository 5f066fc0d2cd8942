/**
 * Staff sign-in and sessions: OpenID Connect (authorization code with PKCE, state and nonce,
 * through the Nimbus SDK), the console's roles from a claim, server-side sessions with idle and
 * absolute timeouts, and the safe way back after sign-in. Knows nothing of pages or the web server.
 */
package org.aftercare.console.auth;
