-- The source side of verify.sql's first nine columns, computed by sqlite3 on the SQLite file, so a
-- load is checked against its source and not only against the other contenders.
SELECT count(*),
       sum(id),
       count(score),
       sum(CAST(round(score * 1000) AS INTEGER)),
       count(label),
       sum(length(label)),
       count(*) FILTER (WHERE json_type(payload, '$.user') IS NOT NULL),
       sum(json_array_length(payload, '$.tags')),
       min(created_at) || ' .. ' || max(created_at)
FROM events;
