create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null
);

create table public.projects (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id),
  name text not null
);

create table public.invoices (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.organizations (id),
  amount_cents integer not null
);

alter table public.organizations enable row level security;
alter table public.projects enable row level security;

create policy "members read their organization" on public.organizations
  for select using (id in (select org_id from public.memberships where user_id = auth.uid()));
