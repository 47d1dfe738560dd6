insert into storage.buckets (id, name, public) values ('avatars', 'avatars', true);
create policy "read own avatars" on storage.objects for select
  using (bucket_id = 'avatars' and owner_id = (select auth.uid())::text);
insert into storage.buckets (id, name, public) values ('private', 'private', false);
create policy "read private" on storage.objects for select using (bucket_id = 'private');
