-- Each rule's webhook is signed with a secret of its own (HMAC-SHA256), so receivers can tell the portal's calls
-- from forgeries. Rules that already have a webhook get one now (32 random bytes, hex).
alter table alert_rule add column webhook_secret varchar(64);
update alert_rule set webhook_secret = lower(hex(randomblob(32))) where webhook_url is not null;
