insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true); -- expect: public-bucket-allows-listing
create policy "read avatars" on storage.objects for select using (bucket_id = 'avatars');
insert into storage.buckets (id, name) values ('id-documents', 'id-documents');
update storage.buckets set public = true where id = 'id-documents'; -- expect: public-bucket-allows-listing
create policy "read all" on storage.objects for select to anon using (true);
