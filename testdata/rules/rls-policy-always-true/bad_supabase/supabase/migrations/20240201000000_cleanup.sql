-- A later migration adds a delete-everything policy.
create policy "tidy up" on public.messages for delete using (1 = 1); -- expect: rls-policy-always-true
