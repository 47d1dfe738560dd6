create foreign table public.stripe_customers (id text, email text) server stripe_server; -- expect: foreign-table-in-api
