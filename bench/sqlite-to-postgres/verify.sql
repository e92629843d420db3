-- Checksums of bench.events, printed as one '|'-separated line; identical data gives an identical
-- line whatever loaded it. row_hash sums a 64-bit hash of every row's full text (order-independent);
-- sample_md5 is the md5 of ~100 whole rows in id order.
SELECT count(*)                                                      AS rows,
       sum(id)                                                       AS sum_id,
       count(score)                                                  AS scores,
       sum(round(score * 1000))::bigint                              AS sum_score_milli,
       count(label)                                                  AS labels,
       sum(length(label))                                            AS sum_label_len,
       count(*) FILTER (WHERE payload ? 'user')                      AS with_user,
       sum(jsonb_array_length(payload -> 'tags'))                    AS tags,
       min(created_at) || ' .. ' || max(created_at)                  AS created_range,
       sum(hashtextextended(concat_ws('|', id, score, label, payload::text, created_at), 0)::numeric)
                                                                     AS row_hash,
       md5(string_agg(concat_ws('|', id, score, label, payload::text, created_at), E'\n' ORDER BY id)
           FILTER (WHERE id % 10007 = 1))                            AS sample_md5
FROM bench.events;
