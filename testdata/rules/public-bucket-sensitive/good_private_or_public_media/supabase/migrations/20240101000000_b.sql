insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);
insert into storage.buckets (id, name, public) values ('kyc', 'kyc', false);
insert into storage.buckets (id, name, public) values ('passports', 'passports', true);
update storage.buckets set public = false where id = 'passports';
