create extension pgmq;
select pgmq.create('jobs'); -- expect: queue-exposed-in-api
grant select, insert, update, delete on pgmq.q_jobs to anon, authenticated;
