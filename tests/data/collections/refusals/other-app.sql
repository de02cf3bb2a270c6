-- A SQLite database of some other program: no xhs_note or xhs_note_comment table.
BEGIN TRANSACTION;
CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, url TEXT, note_id TEXT, time INTEGER);
INSERT INTO bookmarks VALUES (1, 'https://www.xiaohongshu.com/explore/6784a4b5000000001e03a101', '6784a4b5000000001e03a101', 1736806205000);
COMMIT;
