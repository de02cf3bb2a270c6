-- Synthetic MediaCrawler SQLite database (tables as its ORM models create them).
-- A test pipes this script into sqlite3 to make the .sqlite file.
BEGIN TRANSACTION;
CREATE TABLE xhs_note (
	id INTEGER NOT NULL, 
	user_id VARCHAR(255), 
	nickname TEXT, 
	avatar TEXT, 
	ip_location TEXT, 
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
CREATE INDEX ix_xhs_note_time ON xhs_note (time);
CREATE TABLE xhs_note_comment (
	id INTEGER NOT NULL, 
	user_id VARCHAR(255), 
	nickname TEXT, 
	avatar TEXT, 
	ip_location TEXT, 
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
INSERT INTO xhs_note (id, note_id, type, title, "desc", video_url, time, last_update_time, user_id, nickname, avatar, liked_count, collected_count, comment_count, share_count, ip_location, image_list, tag_list, last_modify_ts, note_url, source_keyword, xsec_token, add_ts) VALUES (1, '678f80cf000000001e03a109', 'normal', 'TikTok回来了，你们还走吗', 'TikTok恢复了，评论区的美国朋友们说要留下来继续学做饭 #TikTok难民[话题]#', '', 1737457871000, 1737461471000, '5f1a0c00000000000000a00c', '一碗拉面', 'https://avatar.example.invalid/x.jpg', '6500', '850', '1100', '99', '浙江', 'https://img.example.invalid/xhs/a109_1.jpg,https://img.example.invalid/xhs/a109_2.jpg', 'TikTok难民', 1772352000000, 'https://www.xiaohongshu.com/explore/678f80cf000000001e03a109?xsec_token=XSEC_SYNTH&xsec_source=pc_search', 'TikTok回来了', 'XSEC_SYNTH', 1772352000000);
INSERT INTO xhs_note_comment (id, comment_id, create_time, ip_location, note_id, content, user_id, nickname, avatar, sub_comment_count, pictures, parent_comment_id, last_modify_ts, like_count, add_ts) VALUES (1, '678f8c40000000000c01c00f', 1737460800000, '美国', '678f80cf000000001e03a109', 'We''re staying. The recipes here are too good.', '5f1a0c00000000000000a007', 'grandma_knits_alot', 'https://avatar.example.invalid/a007.jpg', 1, '', '0', 1772352001000, '3300', 1772352001000);
INSERT INTO xhs_note_comment (id, comment_id, create_time, ip_location, note_id, content, user_id, nickname, avatar, sub_comment_count, pictures, parent_comment_id, last_modify_ts, like_count, add_ts) VALUES (2, '678f9348000000000c01c010', 1737462600000, '浙江', '678f80cf000000001e03a109', '那我们继续交换菜谱！', '5f1a0c00000000000000a00c', '一碗拉面', 'https://avatar.example.invalid/a00c.jpg', 0, '', '678f8c40000000000c01c00f', 1772352001001, '120', 1772352001001);
COMMIT;
