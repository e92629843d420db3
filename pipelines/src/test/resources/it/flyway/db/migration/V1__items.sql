CREATE TABLE items (
  id text PRIMARY KEY,
  user_id text NOT NULL,
  filename text NOT NULL,
  file_path text NOT NULL,
  created_at timestamp NOT NULL,
  updated_at timestamp NOT NULL
);
