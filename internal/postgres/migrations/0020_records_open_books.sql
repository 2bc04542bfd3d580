-- The keying view's list of books with pages to key counts the records
-- that need review by office and book: an index that holds all it reads,
-- as in the SQLite store's 0050.
CREATE INDEX records_open_books ON records (status, office, book, kind);
