CREATE TABLE shops (id bigint PRIMARY KEY, title text);
CREATE TABLE orders (id bigint PRIMARY KEY, shop_id bigint NOT NULL, total numeric);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY orders_by_shop ON orders USING (shop_id = current_setting('app.shop')::bigint);

CREATE TABLE refunds ( -- expect: missing-rls
  id bigint PRIMARY KEY,
  shop_id bigint NOT NULL,
  amount numeric
);

-- Not a tenancy column under this configuration.
CREATE TABLE fixtures (id bigint PRIMARY KEY, team_id bigint, kickoff timestamptz);
