-- A search hit is shown from its search entry alone: the record's status,
-- and a card of the values a hit shows (entry number, registration or
-- decision date, each person's name and date of birth) as a JSON object.
-- Before, every hit read its record and fields: at 12 million records the
-- fields are tens of gigabytes that no cache holds, and those reads were
-- half of a name search. indexRecord keeps both up to date, as it does the
-- rest of the entry; the keys are cardKeys and personKeys in search.go.
ALTER TABLE search_docs ADD COLUMN status TEXT NOT NULL DEFAULT '';
ALTER TABLE search_docs ADD COLUMN card TEXT NOT NULL DEFAULT '{}';

UPDATE search_docs SET
	status = IFNULL((SELECT status FROM records WHERE id = search_docs.record_id), ''),
	card = (SELECT json_group_object(key, value) FROM fields
		WHERE record_id = search_docs.record_id AND value <> '' AND key IN (
			'so', 'ngayDangKy', 'quyetDinhNgay',
			'nksHoTen', 'nksNgaySinh', 'chaHoTen', 'chaNamSinh', 'meHoTen', 'meNamSinh',
			'chongHoTen', 'chongNgaySinh', 'voHoTen', 'voNgaySinh',
			'nktHoTen', 'nktNgaySinh',
			'ndnHoTen', 'ndnNgaySinh', 'nnHoTen', 'nnNgaySinh'));
