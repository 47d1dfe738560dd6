create table public.invoices (id bigint primary key, org_id uuid not null, amount bigint);
alter table public.invoices enable row level security;
create policy "members read invoices" on public.invoices for select to authenticated
  using (auth.role() = 'authenticated'); -- expect: rls-policy-always-true
create policy "members edit invoices" on public.invoices for update
  using ((select auth.uid()) is not null); -- expect: rls-policy-always-true
-- Without a tenancy column a signed-in check is a plain "members only" policy.
create table public.announcements (id bigint primary key, body text);
alter table public.announcements enable row level security;
create policy "members read" on public.announcements for select using (auth.role() = 'authenticated');
