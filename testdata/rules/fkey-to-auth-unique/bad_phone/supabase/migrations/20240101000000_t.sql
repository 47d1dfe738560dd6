create table public.profiles (
  id uuid primary key,
  phone text references auth.users (phone) -- expect: fkey-to-auth-unique
);
