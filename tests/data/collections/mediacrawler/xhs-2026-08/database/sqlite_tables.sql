-- Synthetic MediaCrawler SQLite database (tables as its ORM models create them).
-- A test pipes this script into sqlite3 to make the .sqlite file.
BEGIN TRANSACTION;
CREATE TABLE xhs_note (
	id INTEGER NOT NULL, 
	creator_hash VARCHAR(64), 
	nickname TEXT, 
	add_ts BIGINT, 
	last_modify_ts BIGINT, 
	note_id VARCHAR(255), 
	type TEXT, 
	title TEXT, 
	"desc" TEXT, 
	video_url TEXT, 
	time BIGINT, 
	last_update_time BIGINT, 
	liked_count TEXT, 
	collected_count TEXT, 
	comment_count TEXT, 
	share_count TEXT, 
	image_list TEXT, 
	tag_list TEXT, 
	note_url TEXT, 
	source_keyword TEXT, 
	xsec_token TEXT, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_xhs_note_note_id ON xhs_note (note_id);
CREATE INDEX ix_xhs_note_creator_hash ON xhs_note (creator_hash);
CREATE INDEX ix_xhs_note_time ON xhs_note (time);
CREATE TABLE xhs_note_comment (
	id INTEGER NOT NULL, 
	creator_hash VARCHAR(64), 
	nickname TEXT, 
	add_ts BIGINT, 
	last_modify_ts BIGINT, 
	comment_id VARCHAR(255), 
	create_time BIGINT, 
	note_id VARCHAR(255), 
	content TEXT, 
	sub_comment_count INTEGER, 
	pictures TEXT, 
	parent_comment_id VARCHAR(255), 
	like_count TEXT, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_xhs_note_comment_comment_id ON xhs_note_comment (comment_id);
CREATE INDEX ix_xhs_note_comment_create_time ON xhs_note_comment (create_time);
INSERT INTO xhs_note (id, note_id, type, title, "desc", video_url, time, last_update_time, creator_hash, nickname, liked_count, collected_count, comment_count, share_count, image_list, tag_list, last_modify_ts, note_url, source_keyword, xsec_token, add_ts) VALUES (1, '67978350000000001e03b205', 'normal', '除夕前的感谢信', '谢谢这两周认识的每一位美国朋友，新年快乐！#春节[话题]#', '', 1737982800000, 1737986400000, '7a35c5f3074444dd', '阿*', '2.2万', '1800', '640', '210', 'https://img.example.invalid/xhs/b205_1.jpg,https://img.example.invalid/xhs/b205_2.jpg', '春节', 1785726030000, 'https://www.xiaohongshu.com/explore/67978350000000001e03b205?xsec_token=XSEC_SYNTH&xsec_source=pc_search', '春节', 'XSEC_SYNTH', 1785726030000);
INSERT INTO xhs_note_comment (id, comment_id, create_time, note_id, content, creator_hash, nickname, sub_comment_count, pictures, parent_comment_id, last_modify_ts, like_count, add_ts) VALUES (1, '67979160000000000c01c015', 1737986400000, '67978350000000001e03b205', '新年快乐！Happy Year of the Snake 🐍', 'a2bcefeb0ae61659', 'K***o', 1, '', '', 1785726031000, '930', 1785726031000);
INSERT INTO xhs_note_comment (id, comment_id, create_time, note_id, content, creator_hash, nickname, sub_comment_count, pictures, parent_comment_id, last_modify_ts, like_count, add_ts) VALUES (2, '679793b8000000000c01c016', 1737987000000, '67978350000000001e03b205', '蛇年快乐～明年还来交猫税', 'a2f892e6e93909a0', '小***点', 0, '', '67979160000000000c01c015', 1785726031001, '12', 1785726031001);
COMMIT;
