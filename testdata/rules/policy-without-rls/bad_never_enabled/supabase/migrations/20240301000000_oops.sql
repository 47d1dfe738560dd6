alter table public.tasks disable row level security; -- expect: policy-without-rls
