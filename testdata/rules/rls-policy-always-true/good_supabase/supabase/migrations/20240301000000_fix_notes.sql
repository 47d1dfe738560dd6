drop policy if exists "notes" on public.notes;
create policy "notes" on public.notes for all using (auth.uid() = owner) with check (auth.uid() = owner);

-- Strings and comments that look like policies do not count.
-- create policy "x" on public.notes for delete using (true);
select 'create policy "y" on public.notes for delete using (true)';
