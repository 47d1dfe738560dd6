create table public.profiles (id uuid primary key references auth.users (id) on delete cascade, owner uuid references auth.users);
