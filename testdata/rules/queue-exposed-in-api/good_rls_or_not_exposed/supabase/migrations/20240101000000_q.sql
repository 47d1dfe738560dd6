create extension pgmq;
select pgmq.create('jobs');
grant select, insert, update, delete on pgmq.q_jobs to anon, authenticated;
alter table pgmq.q_jobs enable row level security;
select pgmq.create('internal');
