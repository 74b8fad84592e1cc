package io.meshportal.security;

/** A principal that carries the portal's role and factory scope: local ({@link PortalUser}) or single sign-on. */
interface SignedInUser {

    Viewer viewer();
}
