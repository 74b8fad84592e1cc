-- Personal access tokens for the HTTP API (/api/v1): a user makes them for themselves, named and with an expiry.
-- Only a SHA-256 digest of the secret is kept (the secret is 256 random bits, shown once); a token acts with its
-- owner's role and factory as they are at each call, and goes with the account.
create table access_token (
    id integer primary key autoincrement,
    username varchar(64) not null,
    name varchar(64) not null,
    secret_digest varchar(64) not null unique,
    created_at timestamp not null,
    expires_at timestamp not null,
    last_used_at timestamp,
    unique (username, name));
