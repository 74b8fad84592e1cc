-- Accounts that sign in through the company's OpenID Connect provider: their role and factory come from the
-- provider's claims at every sign-in, they have no password here, and the provider's subject ("sub") pins the
-- account to one person at the provider, so a user name reused there cannot take over another person's account.
alter table user_account add column sign_in varchar(16) not null default 'LOCAL' check ((sign_in in ('LOCAL','SINGLE_SIGN_ON')));
alter table user_account add column subject varchar(255);
