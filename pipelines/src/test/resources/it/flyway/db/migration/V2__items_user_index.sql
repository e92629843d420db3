CREATE INDEX items_user_id_idx ON items (user_id);
