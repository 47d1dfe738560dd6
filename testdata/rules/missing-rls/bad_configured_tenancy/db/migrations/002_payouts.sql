CREATE TABLE payouts (id bigint PRIMARY KEY); -- expect: missing-rls
ALTER TABLE payouts ADD COLUMN "MerchantId" bigint;
