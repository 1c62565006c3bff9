-- Column mappings remembered per roster header, so the next file with the
-- same header is mapped the same way without asking.
CREATE TABLE import_mappings (
    header_key  TEXT PRIMARY KEY,   -- folded header cells joined
    mapping     TEXT NOT NULL,      -- JSON {field: column index}
    used_at     TEXT NOT NULL DEFAULT (datetime('now'))
);

-- Vietnamese sort of the roster by SQLite needs an index beside the key.
CREATE INDEX persons_sort_key ON persons(sort_key);
