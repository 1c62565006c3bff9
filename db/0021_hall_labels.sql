-- Seating (issue 17, hall editor): a reserved row may carry its own label
-- ("Đoàn Chủ tịch", "Khách mời quốc tế", "Báo chí"); without one the row is
-- named by its kind as before. Additive: existing halls keep their layout and
-- read '{}' (no labels), so every plan prints as it did.

ALTER TABLE event_halls ADD COLUMN labels TEXT NOT NULL DEFAULT '{}';  -- {"1": "Đoàn Chủ tịch"}
