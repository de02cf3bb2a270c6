-- schema-v1.sql — a cache as refuge's schema version 1 left it, with data.
-- tests/unit/test_db.c builds a database from this file and opens it with the
-- current code, which must migrate it and keep every row. The DDL is what
-- migration 1 in src/db.c creates; do not change it.
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE sources(  id INTEGER PRIMARY KEY,  publisher TEXT NOT NULL, title TEXT NOT NULL DEFAULT '',  published TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '',  UNIQUE(publisher, title, published, url));
CREATE TABLE events(  rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, ts_utc INTEGER NOT NULL,  date TEXT NOT NULL, time TEXT, utc_offset INTEGER, tz TEXT, kind TEXT NOT NULL,  title_en TEXT NOT NULL, title_zh TEXT NOT NULL,  summary_en TEXT NOT NULL, summary_zh TEXT NOT NULL,  confidence TEXT NOT NULL, importance INTEGER NOT NULL, notes TEXT,  bundled INTEGER NOT NULL DEFAULT 0);
CREATE INDEX events_by_time ON events(ts_utc, rid);
CREATE TABLE event_sources(  event_rid INTEGER NOT NULL REFERENCES events(rid) ON DELETE CASCADE,  pos INTEGER NOT NULL, source_id INTEGER NOT NULL REFERENCES sources(id),  PRIMARY KEY(event_rid, pos)) WITHOUT ROWID;
CREATE TABLE figures(  rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, series TEXT NOT NULL,  label_en TEXT NOT NULL, label_zh TEXT NOT NULL, value REAL NOT NULL, qualifier TEXT,  unit TEXT NOT NULL, as_of TEXT NOT NULL, ts_utc INTEGER NOT NULL, utc_offset INTEGER,  tz TEXT, confidence TEXT NOT NULL, event_id TEXT, notes TEXT,  bundled INTEGER NOT NULL DEFAULT 0);
CREATE INDEX figures_by_time ON figures(as_of, id);
CREATE TABLE figure_sources(  figure_rid INTEGER NOT NULL REFERENCES figures(rid) ON DELETE CASCADE,  pos INTEGER NOT NULL, source_id INTEGER NOT NULL REFERENCES sources(id),  PRIMARY KEY(figure_rid, pos)) WITHOUT ROWID;
CREATE TABLE posts(  id INTEGER PRIMARY KEY, platform TEXT NOT NULL, ext_id TEXT NOT NULL,  author TEXT, region TEXT, lang TEXT NOT NULL,  ts_utc INTEGER NOT NULL, utc_offset INTEGER,  text TEXT NOT NULL, translation TEXT, translation_kind TEXT NOT NULL DEFAULT 'none',  likes INTEGER NOT NULL DEFAULT 0, comments INTEGER NOT NULL DEFAULT 0,  collects INTEGER NOT NULL DEFAULT 0, shares INTEGER NOT NULL DEFAULT 0,  tags TEXT NOT NULL DEFAULT '[]', url TEXT,  provenance TEXT NOT NULL DEFAULT 'imported', source TEXT,  bundled INTEGER NOT NULL DEFAULT 0,  UNIQUE(platform, ext_id));
CREATE INDEX posts_by_time ON posts(ts_utc, id);
CREATE INDEX posts_by_likes ON posts(likes, id);
CREATE INDEX posts_by_lang ON posts(lang, ts_utc, id);
CREATE INDEX posts_by_platform ON posts(platform, ts_utc, id);
CREATE TABLE post_tags(tag TEXT NOT NULL, post_id INTEGER NOT NULL,  PRIMARY KEY(tag, post_id)) WITHOUT ROWID;
CREATE INDEX post_tags_by_post ON post_tags(post_id);
CREATE VIRTUAL TABLE posts_fts USING fts5(text, translation,  content='posts', content_rowid='id', tokenize='trigram');
CREATE TRIGGER posts_ai AFTER INSERT ON posts BEGIN  INSERT INTO posts_fts(rowid, text, translation) VALUES(new.id, new.text, new.translation);
END;
CREATE TRIGGER posts_ad AFTER DELETE ON posts BEGIN  INSERT INTO posts_fts(posts_fts, rowid, text, translation)    VALUES('delete', old.id, old.text, old.translation);
 DELETE FROM post_tags WHERE post_id = old.id;
END;
CREATE TRIGGER posts_au_text AFTER UPDATE OF text, translation ON posts BEGIN  INSERT INTO posts_fts(posts_fts, rowid, text, translation)    VALUES('delete', old.id, old.text, old.translation);
 INSERT INTO posts_fts(rowid, text, translation) VALUES(new.id, new.text, new.translation);
END;
CREATE TABLE state(platform TEXT NOT NULL, ext_id TEXT NOT NULL,  read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0,  PRIMARY KEY(platform, ext_id)) WITHOUT ROWID;

-- Data, written through version 1's own triggers (which indexed posts).
INSERT INTO sources(publisher, title, published, url) VALUES('Test Gazette', 'Law signed', '2024-04-24', '');
INSERT INTO events(id, ts_utc, date, kind, title_en, title_zh, summary_en, summary_zh, confidence, importance)
  VALUES('ev-law', 1713916800, '2024-04-24', 'legislation', 'The law is signed', '法案签署', 'A test event.', '测试事件。', 'high', 3);
INSERT INTO event_sources VALUES(1, 0, 1);
INSERT INTO posts(platform, ext_id, author, lang, ts_utc, utc_offset, text, translation, translation_kind, likes, tags)
  VALUES('xiaohongshu', 'v1-a', '小橘', 'zh', 1736859900, 480, '第一次交猫税', 'Paying the cat tax for the first time', 'human', 120, '["猫税"]');
INSERT INTO posts(platform, ext_id, author, lang, ts_utc, text, likes, tags)
  VALUES('tiktok', 'v1-b', 'sam', 'en', 1736815200, 'Moving to RedNote before Sunday', 30, '["tiktokban","xiaohongshu"]');
INSERT INTO post_tags VALUES('猫税', 1), ('tiktokban', 2), ('xiaohongshu', 2);
INSERT INTO state(platform, ext_id, read, starred) VALUES('tiktok', 'v1-b', 1, 1);
PRAGMA user_version = 1;
