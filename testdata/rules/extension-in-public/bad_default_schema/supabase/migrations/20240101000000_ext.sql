create extension if not exists pg_trgm; -- expect: extension-in-public
create extension "uuid-ossp" with schema public; -- expect: extension-in-public
