insert into storage.buckets (id, name, public)
values ('avatars', 'avatars', true),
       ('id-documents', 'id-documents', true); -- expect: public-bucket-sensitive
insert into storage.buckets (id, name) values ('invoices', 'invoices');
update storage.buckets set public = true where id = 'invoices'; -- expect: public-bucket-sensitive
