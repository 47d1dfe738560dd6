create table public.events (name text, at timestamptz); -- expect: no-primary-key
