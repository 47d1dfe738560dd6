CREATE TABLE orders (id bigint PRIMARY KEY, shop_id bigint NOT NULL, org_id bigint);
ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY orders_by_shop ON orders USING (shop_id = current_setting('app.shop')::bigint);
CREATE TABLE refunds (id bigint PRIMARY KEY, shop_id bigint NOT NULL);
ALTER TABLE refunds ENABLE ROW LEVEL SECURITY;
CREATE POLICY refunds_by_shop ON refunds USING (shop_id = current_setting('app.shop')::bigint);
CREATE TABLE countries (code text PRIMARY KEY, name text);
