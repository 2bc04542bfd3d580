package postgres

// recordQuery selects a record with its page and one row per field; rows of
// one record come together as long as the order ends with r.id.
const recordQuery = `
	SELECT r.id, r.kind, r.era, r.office, r.book, r.page, r.status, r.created,
	       COALESCE(p.batch_id, 0), p.file, p.page_index, p.sha256, p.side,
	       f.key, f.value, f.raw, f.confidence, f.status,
	       f.box_x0, f.box_y0, f.box_x1, f.box_y1, f.reason, f.note
	FROM records r
	JOIN pages p ON p.id = r.page_id
	LEFT JOIN LATERAL field_rows(r.field_data) f ON true`
