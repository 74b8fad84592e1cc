package io.meshportal.security;

/** A token just made: the secret is here once and nowhere else (only its digest is stored). */
public record CreatedAccessToken(AccessTokenView token, String secret) {}
