-- People ask for an account from the sign-in page; a request gives no access until an administrator approves it
-- with a role (and a factory) or rejects it. The password the person chose is kept hashed, as accounts keep theirs.
create table account_request (
    id integer primary key autoincrement,
    username varchar(64) not null,
    full_name varchar(100) not null,
    reason varchar(500),
    password_hash varchar(255) not null,
    client varchar(64),
    requested_at timestamp not null,
    state varchar(16) not null check ((state in ('PENDING','APPROVED','REJECTED'))),
    decided_by varchar(64),
    decided_at timestamp);
create index account_request_state on account_request (state, username);
