create schema stripe;
create foreign table stripe.customers (id text, email text) server stripe_server;
