package io.meshportal.security;

/** The principal of an API call made with a personal access token: its owner as they are now, and the token's name. */
record TokenCaller(Viewer viewer, String tokenName) implements SignedInUser {}
