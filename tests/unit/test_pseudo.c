/* Unit tests for src/pseudo.c and the writer's --pseudonymise: on a cache
 * larger than an export page (1,300 posts by 150 authors on X, Bluesky and
 * Xiaohongshu, keyed and name-only, each mentioning another, with post,
 * media and in-text URLs carrying tokens; 400 comments), no author name,
 * key, mentioned handle or URL token of the input survives in any export
 * (posts and comments, CSV and JSON Lines); the pseudonyms are stable
 * across exports of one cache, different in another cache, never carry the
 * salt, and survive a re-import of the export unchanged. */
#include "autoconfig.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cache_sql.h"
#include "db.h"
#include "import.h"
#include "model.h"
#include "pseudo.h"
#include "tap.h"
#include "writer.h"

#define NPOSTS 1300 /* past model_export_posts()' page of 1,024 */
#define NAUTHORS 150
#define NCOMMENTS 400

static const char *const platforms[] = {"x", "bluesky", "xiaohongshu"};

/* Author i's name on its platform: an X handle, a Bluesky handle, a
 * Xiaohongshu nickname; every third author also has a platform key. */
static void author_name(int i, char *buf, size_t size)
{
    if (i % 3 == 0)
        snprintf(buf, size, "handle%03dq", i);
    else if (i % 3 == 1)
        snprintf(buf, size, "handle%03dq.bsky.social", i);
    else
        snprintf(buf, size, "名字%03d甲", i);
}

/* How author i is mentioned in text on its platform. */
static void mention(int i, char *buf, size_t size)
{
    char name[64];

    author_name(i, name, sizeof name);
    snprintf(buf, size, i % 3 == 2 ? "@%s[话题]#" : "@%s", name);
}

static void make_cache(struct db *db)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);

    for (int i = 0; i < NPOSTS; i++) {
        int a = i % NAUTHORS, other = (i * 7 + 1) % NAUTHORS;
        char name[64], key[32] = "", said[96], other_name[64];
        const char *platform = platforms[a % 3];
        author_name(a, name, sizeof name);
        author_name(other, other_name, sizeof other_name);
        mention(other, said, sizeof said);
        if (a % 3 == 0 || a % 5 == 0)
            snprintf(key, sizeof key, ",\"author_key\":\"K%05dkey\"", a);
        fprintf(out,
                "{\"id\":\"p%d\",\"platform\":\"%s\",\"author\":\"%s\"%s,\"lang\":\"en\","
                "\"time\":%d,\"text\":\"thanks %s, see https://x.com/%s/status/%d?s=20&t=TOKEN%d"
                " and @%s.\",\"translation\":\"谢谢 %s\","
                "\"url\":\"https://bsky.app/profile/%s/post/r%d?ref=TOKEN%d\","
                "\"media\":[\"https://cdn.example/img/%d.jpg?sig=SECRET%d\"]}\n",
                i, platform, name, key, 1736000000 + i * 600, said, other_name, i, i, name, said,
                name, i, i, i, i);
    }
    for (int i = 0; i < NCOMMENTS; i++) {
        int a = (i * 11) % NAUTHORS, other = (i * 3 + 2) % NAUTHORS, post = (i * 13) % NPOSTS;
        char name[64], said[96];
        author_name(a, name, sizeof name);
        mention(other, said, sizeof said);
        fprintf(out,
                "{\"id\":\"c%d\",\"platform\":\"%s\",\"post\":\"p%d\",\"author\":\"%s\","
                "\"author_key\":\"C%05dkey\",\"time\":%d,\"text\":\"reply to %s\","
                "\"media\":[\"https://cdn.example/c/%d.png?token=SECRET%d\"]}\n",
                i, platforms[post % NAUTHORS % 3], post, name, a, 1736000000 + i * 900, said, i,
                i);
    }
    fclose(out);
    cache_import_text(db, "pseudo.jsonl", buf, len);
    free(buf);
}

/* An export of one kind into memory (the caller frees it). */
static char *export(struct db *db, struct model *m, enum writer_kind kind,
                    enum writer_format format, const struct pseudo *ps)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    struct writer w;
    struct rf_error err = {{0}};

    (void)db;
    writer_init(&w, out, format, false);
    w.pseudo = ps;
    if (writer_export(&w, m, kind, NULL, &err) != 0)
        tap_diag("export: %s", err.msg);
    fclose(out);
    return buf;
}

/* What of the input survives in `text`: the first name, key, handle or
 * token found, into what (empty when none). */
static void survivors(const char *text, char *what, size_t size)
{
    char s[96];
    char shown[64];

    what[0] = '\0';
    for (int a = 0; a < NAUTHORS && !what[0]; a++) {
        author_name(a, s, sizeof s);
        if (strstr(text, s)) {
            const char *at = strstr(text, s);
            snprintf(shown, sizeof shown, "%s", at > text + 40 ? at - 40 : text);
            snprintf(what, size, "name %s in ...%s", s, shown);
        }
        /* the handle alone: "handle007q" of "handle007q.bsky.social" */
        snprintf(s, sizeof s, "handle%03dq", a);
        if (!what[0] && strstr(text, s))
            snprintf(what, size, "handle %s", s);
        snprintf(s, sizeof s, "K%05dkey", a);
        if (!what[0] && strstr(text, s))
            snprintf(what, size, "key %s", s);
        snprintf(s, sizeof s, "C%05dkey", a);
        if (!what[0] && strstr(text, s))
            snprintf(what, size, "key %s", s);
    }
    if (!what[0] && (strstr(text, "TOKEN") || strstr(text, "SECRET") || strstr(text, "ref=")))
        snprintf(what, size, "a URL token");
    if (!what[0] && (strstr(text, "[话题]")))
        snprintf(what, size, "a Xiaohongshu mention's bracket");
}

/* The sorted distinct pseudonyms in text, joined by spaces. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *pseudonyms(const char *text)
{
    char **found = NULL, *joined;
    size_t n = 0, cap = 0, len = 1;

    for (const char *p = text; (p = strstr(p, "anon-")); p += 5) {
        if (n == cap && !(found = realloc(found, (cap = cap ? 2 * cap : 256) * sizeof *found)))
            return NULL;
        found[n++] = strndup(p, PSEUDO_NAME_SIZE - 1);
    }
    qsort(found, n, sizeof *found, cmp_str);
    for (size_t i = 0; i < n; i++)
        len += strlen(found[i]) + 1;
    joined = calloc(1, len);
    for (size_t i = 0; i < n; i++) {
        if (i && strcmp(found[i], found[i - 1]) == 0)
            continue;
        strcat(joined, found[i]);
        strcat(joined, " ");
    }
    for (size_t i = 0; i < n; i++)
        free(found[i]);
    free(found);
    return joined;
}

static void test_urls(void)
{
    static const char *const cases[][2] = {
        {"https://x.com/someone/status/123?s=20&t=abc", "https://x.com/i/status/123"},
        {"https://bsky.app/profile/al.bsky.social/post/3k?x=1#f", "https://bsky.app/profile/_/post/3k"},
        {"https://www.xiaohongshu.com/user/profile/5f00ab?xsec_token=T", "https://www.xiaohongshu.com/user/_/_"},
        {"https://www.tiktok.com/@someone/video/7?lang=en", "https://www.tiktok.com/_/video/7"},
        {"https://me:pw@cdn.example/a.jpg?sig=1", "https://cdn.example/a.jpg"},
        {"https://x.com/i/status/123", "https://x.com/i/status/123"},
        {"no-scheme/a?b", "no-scheme/a"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = pseudo_url(cases[i][0]);
        is_str(got, cases[i][1], "URL %s reduced", cases[i][0]);
        free(got);
    }
}

static void test_text(const struct pseudo *ps)
{
    char name[PSEUDO_NAME_SIZE], want[160];
    char *got = pseudo_text(ps, "x", "mail a@b.c or @Someone_1, then @someone_1.");

    pseudo_name(ps, "x", "someone_1", name);
    snprintf(want, sizeof want, "mail a@b.c or @%s, then @%s.", name, name);
    is_str(got, want, "an @mention is masked case-blind, an address is not a mention");
    free(got);
    got = pseudo_text(ps, "x", "\xff@\xfe broken");
    ok(got != NULL, "invalid UTF-8 passes through");
    free(got);
    pseudo_name(ps, "x", name, want);
    is_str(want, name, "a pseudonym is its own pseudonym");
}

int main(void)
{
    struct db *db, *db2, *db3;
    struct model *m, *m2, *m3;
    struct rf_error err = {{0}};
    struct pseudo ps, again, ps2, ps3;
    char what[256], salt_hex[65];
    char *posts_jsonl, *posts_csv, *comments_jsonl, *comments_csv, *second, *other, *reimported;
    char *names1, *names2, *names3;

    if (db_open_memory(&db, &err) != 0 || !(m = model_new(db, &err)) ||
        db_open_memory(&db2, &err) != 0 || !(m2 = model_new(db2, &err)) ||
        db_open_memory(&db3, &err) != 0 || !(m3 = model_new(db3, &err))) {
        printf("Bail out! %s\n", err.msg);
        return 1;
    }
    make_cache(db);
    make_cache(db2);
    is_int(sql_int(db, "SELECT count(*) FROM posts"), NPOSTS, "the posts import");
    is_int(sql_int(db, "SELECT count(*) FROM comments"), NCOMMENTS, "the comments import");
    ok(pseudo_open(db, &ps, &err) == 0, "the salt is made");
    ok(pseudo_open(db, &again, &err) == 0 && memcmp(ps.salt, again.salt, sizeof ps.salt) == 0,
       "and kept in the cache");
    ok(pseudo_open(db2, &ps2, &err) == 0 && memcmp(ps.salt, ps2.salt, sizeof ps.salt) != 0,
       "another cache has another salt");
    test_urls();
    test_text(&ps);

    posts_jsonl = export(db, m, WRITER_POSTS, WRITER_JSONL, &ps);
    posts_csv = export(db, m, WRITER_POSTS, WRITER_CSV, &ps);
    comments_jsonl = export(db, m, WRITER_COMMENTS, WRITER_JSONL, &ps);
    comments_csv = export(db, m, WRITER_COMMENTS, WRITER_CSV, &ps);
    {
        /* The unpseudonymised export has them all: the scan can fail. */
        char *plain = export(db, m, WRITER_POSTS, WRITER_JSONL, NULL);
        survivors(plain, what, sizeof what);
        ok(what[0] != '\0', "the plain export names people (%s)", what);
        free(plain);
    }
    survivors(posts_jsonl, what, sizeof what);
    is_str(what, "", "no name, key, mention or token survives in posts, JSON Lines");
    survivors(posts_csv, what, sizeof what);
    is_str(what, "", "... nor in posts, CSV");
    survivors(comments_jsonl, what, sizeof what);
    is_str(what, "", "... nor in comments, JSON Lines");
    survivors(comments_csv, what, sizeof what);
    is_str(what, "", "... nor in comments, CSV");
    is_int((long long)(strstr(posts_jsonl, "\"id\":\"p1299\"") != NULL), 1,
           "the export went past its first page");
    ok(strstr(posts_csv, ",pseudonymised\r\n") && strstr(comments_csv, ",pseudonymised\r\n"),
       "the CSV header says it is pseudonymised");
    {
        size_t lines = 0, marked = 0;
        for (const char *p = posts_jsonl; (p = strchr(p, '\n')); p++)
            lines++;
        for (const char *p = posts_jsonl; (p = strstr(p, "\"pseudonymised\":")); p++)
            marked++;
        ok(lines == NPOSTS && marked == NPOSTS, "every record says so (%zu of %zu)", marked,
           lines);
    }
    for (size_t i = 0; i < sizeof ps.salt; i++)
        snprintf(salt_hex + 2 * i, 3, "%02x", ps.salt[i]);
    ok(!strstr(posts_jsonl, salt_hex) && !strstr(comments_jsonl, salt_hex),
       "the salt is not exported");

    second = export(db, m, WRITER_POSTS, WRITER_JSONL, &again);
    is_str(second, posts_jsonl, "a second export of the same cache is the same");
    other = export(db2, m2, WRITER_POSTS, WRITER_JSONL, &ps2);
    names1 = pseudonyms(posts_jsonl);
    names2 = pseudonyms(other);
    ok(names1 && names2 && strlen(names1) > 100 && strcmp(names1, names2) != 0,
       "another cache gives other pseudonyms");
    {
        /* Not one pseudonym in common: they are unrelated. */
        bool shared = false;
        for (const char *p = names1; p && *p; p += PSEUDO_NAME_SIZE) {
            char one[PSEUDO_NAME_SIZE + 1];
            snprintf(one, sizeof one, "%.*s ", PSEUDO_NAME_SIZE - 1, p);
            shared |= strstr(names2, one) != NULL;
        }
        ok(!shared, "no pseudonym is shared between the two caches");
    }
    /* The export re-imports; exported again, pseudonymised by a third
     * cache's salt, its pseudonyms stay. */
    ok(cache_import_text(db3, "pseudo.jsonl", posts_jsonl, strlen(posts_jsonl)) == 0, "the export re-imports");
    is_int(sql_int(db3, "SELECT count(*) FROM posts"), NPOSTS, "every post of it");
    ok(pseudo_open(db3, &ps3, &err) == 0, "the third cache has its salt");
    reimported = export(db3, m3, WRITER_POSTS, WRITER_JSONL, &ps3);
    names3 = pseudonyms(reimported);
    is_str(names3, names1, "its pseudonyms round-trip unchanged");

    free(posts_jsonl), free(posts_csv), free(comments_jsonl), free(comments_csv);
    free(second), free(other), free(reimported), free(names1), free(names2), free(names3);
    model_free(m), model_free(m2), model_free(m3);
    db_close(db), db_close(db2), db_close(db3);
    return tap_done();
}
