/**
 * The console's pages: the sign-in, callback and sign-out routes, the session cookie, the CSRF
 * check and the {@link org.aftercare.console.web.Authenticated} wrapper every page is registered
 * through, and the page frame ({@link org.aftercare.console.web.Pages}).
 */
package org.aftercare.console.web;
