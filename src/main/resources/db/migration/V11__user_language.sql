-- The language a user chose for the UI (a BCP 47 tag: en, de, fr, pt, pl); null: the browser's.
alter table user_account add column language varchar(8);
